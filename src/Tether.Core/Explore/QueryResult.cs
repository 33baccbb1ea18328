namespace Tether.Core.Explore;

/// <summary>
/// What a query returned: <see cref="Total"/> entities matched, the first <see cref="Returned"/> of them (ordered by key)
/// as rows, <see cref="Truncated"/> when rows were left out. JSON-serializable as is.
/// </summary>
public sealed record QueryResult(
    string Query,
    string Entity,
    string Kind,
    int Total,
    int Returned,
    bool Truncated,
    double ElapsedMilliseconds,
    IReadOnlyList<QueryRow> Rows);

/// <summary>One matching entity and, per relation of the query's top level, the related entities that made it match.</summary>
public sealed record QueryRow(string Kind, string Key, string Name, IReadOnlyList<QueryEvidence> Evidence);

/// <summary>Why a row matched: <see cref="Count"/> related entities through <see cref="Relation"/>, the first few shown.</summary>
public sealed record QueryEvidence(string Relation, string Entity, int Count, IReadOnlyList<QueryEntity> Matches);

public sealed record QueryEntity(string Kind, string Key, string Name);

/// <summary>Bounds on one query: rows returned, nesting depth, text length and wall-clock time.</summary>
public sealed record QueryLimits
{
    public static QueryLimits Default { get; } = new();

    public int MaxRows { get; init; } = 100;

    public int MaxDepth { get; init; } = Syntax.QueryParser.DefaultMaxDepth;

    public int MaxLength { get; init; } = Syntax.QueryParser.DefaultMaxLength;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Related entities listed per relation and row (the count covers all).</summary>
    public int EvidencePerRelation { get; init; } = 5;
}

/// <summary>The query ran out of its time budget (<see cref="QueryLimits.Timeout"/>).</summary>
public sealed class QueryTimeoutException : Exception
{
    public QueryTimeoutException()
    {
    }

    public QueryTimeoutException(string message)
        : base(message)
    {
    }

    public QueryTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
