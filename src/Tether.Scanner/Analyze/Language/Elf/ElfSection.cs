namespace Tether.Scanner.Analyze.Language.Elf;

/// <summary>One ELF section header: where a named section's bytes are in the file.</summary>
internal sealed record ElfSection(string Name, uint Type, ulong Address, ulong Offset, ulong Size);

/// <summary>One ELF program header: a segment's file bytes and where they are mapped (flags: 1 execute, 2 write, 4 read).</summary>
internal sealed record ElfSegment(uint Type, uint Flags, ulong Offset, ulong VirtualAddress, ulong FileSize);
