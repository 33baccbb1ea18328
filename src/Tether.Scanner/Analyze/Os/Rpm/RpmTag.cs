namespace Tether.Scanner.Analyze.Os.Rpm;

/// <summary>The header tags read (rpm's <c>include/rpm/rpmtag.h</c>).</summary>
internal static class RpmTag
{
    public const int Name = 1000;
    public const int Version = 1001;
    public const int Release = 1002;
    public const int Epoch = 1003;
    public const int License = 1014;
    public const int Arch = 1022;
    public const int OldFileNames = 1027;
    public const int SourceRpm = 1044;
    public const int DirIndexes = 1116;
    public const int BaseNames = 1117;
    public const int DirNames = 1118;
}
