using Microsoft.Data.Sqlite;
using Tether.Core.Graph;

namespace Tether.Storage.Sqlite;

/// <summary>Opening the store file: its folder created, the connection string both stores share, the schema migrated.</summary>
internal static class SqliteFile
{
    public static SqliteDialect Dialect(string path, out string fullPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath);
        try
        {
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{fullPath}: cannot create the store's folder: {e.Message}", e);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        return new SqliteDialect(connectionString);
    }

    /// <summary>Runs <paramref name="initialize"/> (migrations), turning SQLite errors into a message naming the file.</summary>
    public static async Task InitializeAsync(string fullPath, Func<Task> initialize)
    {
        try
        {
            await initialize().ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw new StoreException($"{fullPath}: cannot open the Tether store: {e.Message}", e);
        }
    }
}
