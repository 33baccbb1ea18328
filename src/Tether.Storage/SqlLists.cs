using System.Data.Common;

namespace Tether.Storage;

/// <summary>String <c>IN</c> lists as ordinary parameters (portable), chunked to stay under parameter limits.</summary>
internal static class SqlLists
{
    public const int ChunkSize = 500;

    /// <summary><c>column IN (@name0, @name1, …)</c>, adding the parameters to <paramref name="command"/>.</summary>
    public static string In(DbCommand command, string column, IReadOnlyCollection<string> values, string name = "@v")
    {
        var names = new List<string>(values.Count);
        var i = 0;
        foreach (var value in values)
        {
            var parameter = $"{name}{i++}";
            command.Add(parameter, value);
            names.Add(parameter);
        }

        return $"{column} IN ({string.Join(", ", names)})";
    }
}
