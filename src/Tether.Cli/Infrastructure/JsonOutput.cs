using System.Text.Json;
using Tether.Core.Json;

namespace Tether.Cli.Infrastructure;

/// <summary>JSON as the CLI prints it: the shared report shape (<see cref="TetherJson"/>), indented.</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = TetherJson.Create(indented: true);
}
