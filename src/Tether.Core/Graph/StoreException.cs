namespace Tether.Core.Graph;

/// <summary>A storage failure with a message meant for the user (what was being stored, and why it failed).</summary>
public sealed class StoreException : Exception
{
    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreException()
    {
    }
}
