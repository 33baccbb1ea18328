using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Tether.Core.Errors;
using Tether.Core.Trace;

namespace Tether.Server.Api;

/// <summary>Errors as RFC 9457 problem details: 400 naming the field, 404 for an unknown target; nothing else leaks.</summary>
public static class ApiErrors
{
    public static IResult BadRequest(string field, string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request", extensions: new Dictionary<string, object?> { ["field"] = field });

    public static IResult NotFound(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>Maps the exceptions endpoints let through to problem details.</summary>
    public static void UseApiErrors(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e switch
            {
                BadRequestException or InputException => StatusCodes.Status400BadRequest,
                TraceTargetNotFoundException => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status500InternalServerError,
            },
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var result = error switch
                {
                    BadRequestException bad => BadRequest(bad.Field, bad.Message),
                    InputException input => BadRequest(input.Field ?? input.Source, input.Message),
                    TraceTargetNotFoundException missing => NotFound(missing.Message),
                    _ => Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Internal error"),
                };
                await result.ExecuteAsync(context).ConfigureAwait(false);
            },
        });
    }
}
