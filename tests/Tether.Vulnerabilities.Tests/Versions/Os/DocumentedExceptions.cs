namespace Tether.Vulnerabilities.Tests.Versions.Os;

/// <summary>
/// Vector lines on which Tether deliberately differs from the vector file, each with the reason, and Tether's answer
/// as the CLI prints it. Explained in docs/versions.md ("Documented exceptions").
/// </summary>
internal static class DocumentedExceptions
{
    public static IReadOnlyDictionary<string, string> For(string file)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        string? section = null;
        foreach (var raw in Text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("[", StringComparison.Ordinal))
            {
                section = line.Trim('[', ']');
                continue;
            }

            if (line.Length == 0 || line.StartsWith('#') || section != file)
            {
                continue;
            }

            var arrow = line.IndexOf(" => ", StringComparison.Ordinal);
            map.Add(line[..arrow], line[(arrow + 4)..]);
        }

        return map;
    }

    // Format: "[vector file]", then "<vector line> => <tether versions compare output line>".
    private const string Text = """
        [alpine-versions.txt]
        # A revision must be '-r' and digits, once, at the very end; apk_version_validate rejects the rest. The file keeps
        # osv-scalibr's own answers and notes that apk 2.10 and later apk-tools disagree on them: no tool defines an order.
        1-r-0 < 1-r0 => 1-r-0 ? 1-r0: '-' at offset 3 cannot follow the revision
        1-r-1 < 1-r0 => 1-r-1 ? 1-r0: '-' at offset 3 cannot follow the revision
        1-r2 > 1-r-1 => 1-r2 ? 1-r-1: '-' at offset 3 cannot follow the revision
        1 > 1-ruff => 1 ? 1-ruff: 'u' at offset 3 cannot follow the revision
        1-r0-1 = 1-r-2 => 1-r0-1 ? 1-r-2: '-' at offset 4 cannot follow the revision
        1-r0-1 = 1-r0-2 => 1-r0-1 ? 1-r0-2: '-' at offset 4 cannot follow the revision
        1-ruff2 = 1-ruff1 => 1-ruff2 ? 1-ruff1: 'u' at offset 3 cannot follow the revision
        1-ruff2 = 1--ruff1 => 1-ruff2 ? 1--ruff1: 'u' at offset 3 cannot follow the revision
        1-r0-ruff2 = 1-r0-ruff1 => 1-r0-ruff2 ? 1-r0-ruff1: '-' at offset 4 cannot follow the revision
        # A number straight after the letter (6.6.2p1, 0.8.21.r2): apk-tools 2.10 read it as one more component; apk-tools
        # since the version.c rewrite (current 2.x, 3.x) reject the version (abuild issue 10088: write 6.6.2_p1). Two
        # letters in a row (1.0bc) are rejected by both.
        0.r1 < 0r2 => 0.r1 ? 0r2: '1' at offset 3 cannot follow the letter 'r'
        0...1...0.r1 < 0...1...0.r2 => 0...1...0.r1 ? 0...1...0.r2: '1' at offset 11 cannot follow the letter 'r'
        0...1...0r1 < 0...1...0r2 => 0...1...0r1 ? 0...1...0r2: '1' at offset 10 cannot follow the letter 'r'
        0.8.21.r2 > 0.8.21.r1 => 0.8.21.r2 ? 0.8.21.r1: '2' at offset 8 cannot follow the letter 'r'
        10.2.24.r0 > 10.2.22.r0 => 10.2.24.r0 ? 10.2.22.r0: '0' at offset 9 cannot follow the letter 'r'
        0.8.21.r2 < 0.8.21r2 => 0.8.21.r2 ? 0.8.21r2: '2' at offset 8 cannot follow the letter 'r'
        6.6.2p1 = 6.6.2p1 => 6.6.2p1 ? 6.6.2p1: '1' at offset 6 cannot follow the letter 'p'
        6.6.2p1 > 6.6.2_p1 => 6.6.2p1 ? 6.6.2_p1: '1' at offset 6 cannot follow the letter 'p'
        6.6.2p1 > 6.6.2_p2 => 6.6.2p1 ? 6.6.2_p2: '1' at offset 6 cannot follow the letter 'p'
        6.6.2p1 < 6.6.2p2 => 6.6.2p1 ? 6.6.2p2: '1' at offset 6 cannot follow the letter 'p'
        1.0 < 1.0bc => 1.0 ? 1.0bc: 'c' at offset 4 cannot follow the letter 'b'
        # Upper-case letters are outside the grammar (a single lower-case letter only).
        1.2.0A < 1.2.0d => 1.2.0A ? 1.2.0d: character 'A' at offset 5 is not allowed (apk versions are digits{.digits}[letter]{_suffix[N]}[~hash][-rN])
        1.2.0D < 1.2.0d => 1.2.0D ? 1.2.0d: character 'D' at offset 5 is not allowed (apk versions are digits{.digits}[letter]{_suffix[N]}[~hash][-rN])
        # Unknown suffixes: apk knows alpha, beta, pre, rc, cvs, svn, git, hg, p.
        1.2 > 1.2_blah => 1.2 ? 1.2_blah: unknown suffix '_blah' at offset 3 (apk knows alpha, beta, pre, rc, cvs, svn, git, hg, p)
        1.2_svn1 > 1.2_csv2 => 1.2_svn1 ? 1.2_csv2: unknown suffix '_csv' at offset 3 (apk knows alpha, beta, pre, rc, cvs, svn, git, hg, p)
        1.2_cvs1 > 1.2_blah => 1.2_cvs1 ? 1.2_blah: unknown suffix '_blah' at offset 3 (apk knows alpha, beta, pre, rc, cvs, svn, git, hg, p)
        23_foo > 4_beta => 23_foo ? 4_beta: unknown suffix '_foo' at offset 2 (apk knows alpha, beta, pre, rc, cvs, svn, git, hg, p)
        # Not starting with a digit: 'apk version -t' still prints an answer, apk_version_validate rejects the version.
        .1 < 1 => .1 ? 1: does not start with a digit
        1 > .1 => 1 ? .1: does not start with a digit
        .2 > .1 => .2 ? .1: does not start with a digit
        a < b => a ? b: does not start with a digit
        c > b => c ? b: does not start with a digit
        c = c => c ? c: does not start with a digit

        [alpine-versions-generated.txt]
        # A number straight after the letter (openssh 6.6.1p1-r0, sudo 1.8.28p1-r1, …) in versions of old Alpine releases.
        # The file was generated with apk-tools 2.10 (Alpine 3.10), which read it as one more component. apk-tools since
        # the version.c rewrite (current 2.x, 3.x) reject these versions, and 'apk version -t' answers '=' for
        # 5.7.1p1-r0 vs 5.7.1p1-r1 (both stop at the same invalid token): no current apk orders them.
        5.1_p1-r2 < 5.1p1-r0 => 5.1_p1-r2 ? 5.1p1-r0: '1' at offset 4 cannot follow the letter 'p'
        5.1p1-r0 < 5.2_p1-r0 => 5.1p1-r0 ? 5.2_p1-r0: '1' at offset 4 cannot follow the letter 'p'
        1.7.4_p5-r1 < 1.7.4p6-r1 => 1.7.4_p5-r1 ? 1.7.4p6-r1: '6' at offset 6 cannot follow the letter 'p'
        1.7.4p6-r1 < 1.8.0-r1 => 1.7.4p6-r1 ? 1.8.0-r1: '6' at offset 6 cannot follow the letter 'p'
        1.8.1-r1 < 1.8.1p1-r1 => 1.8.1-r1 ? 1.8.1p1-r1: '1' at offset 6 cannot follow the letter 'p'
        1.8.1p1-r1 < 1.8.2-r1 => 1.8.1p1-r1 ? 1.8.2-r1: '1' at offset 6 cannot follow the letter 'p'
        1.8.28-r1 < 1.8.28p1-r1 => 1.8.28-r1 ? 1.8.28p1-r1: '1' at offset 7 cannot follow the letter 'p'
        1.8.28p1-r1 < 1.8.29-r1 => 1.8.28p1-r1 ? 1.8.29-r1: '1' at offset 7 cannot follow the letter 'p'
        1.8.31-r1 < 1.8.31p1-r1 => 1.8.31-r1 ? 1.8.31p1-r1: '1' at offset 7 cannot follow the letter 'p'
        1.8.31p1-r1 < 1.9.0-r1 => 1.8.31p1-r1 ? 1.9.0-r1: '1' at offset 7 cannot follow the letter 'p'
        1.9.4-r1 < 1.9.4p2-r1 => 1.9.4-r1 ? 1.9.4p2-r1: '2' at offset 6 cannot follow the letter 'p'
        1.9.4p2-r1 < 1.9.5-r1 => 1.9.4p2-r1 ? 1.9.5-r1: '2' at offset 6 cannot follow the letter 'p'
        1.9.5-r1 < 1.9.5p1-r1 => 1.9.5-r1 ? 1.9.5p1-r1: '1' at offset 6 cannot follow the letter 'p'
        1.9.5p1-r1 < 1.9.5p2-r1 => 1.9.5p1-r1 ? 1.9.5p2-r1: '1' at offset 6 cannot follow the letter 'p'
        1.9.5p2-r1 < 1.9.6-r1 => 1.9.5p2-r1 ? 1.9.6-r1: '2' at offset 6 cannot follow the letter 'p'
        5.7.1p1-r0 < 5.7.1p1-r1 => 5.7.1p1-r0 ? 5.7.1p1-r1: '1' at offset 6 cannot follow the letter 'p'
        5.7.1p1-r1 < 5.7.1p1-r2 => 5.7.1p1-r1 ? 5.7.1p1-r2: '1' at offset 6 cannot follow the letter 'p'
        5.7.1p1-r2 < 5.7.2p1-r0 => 5.7.1p1-r2 ? 5.7.2p1-r0: '1' at offset 6 cannot follow the letter 'p'
        5.7.2p1-r0 < 5.7.3p1-r0 => 5.7.2p1-r0 ? 5.7.3p1-r0: '1' at offset 6 cannot follow the letter 'p'
        5.7.3p1-r0 < 5.7.3p1-r1 => 5.7.3p1-r0 ? 5.7.3p1-r1: '1' at offset 6 cannot follow the letter 'p'
        5.7.3p1-r1 < 5.7.3p2-r0 => 5.7.3p1-r1 ? 5.7.3p2-r0: '1' at offset 6 cannot follow the letter 'p'
        5.7.3p2-r0 < 5.7.3p2-r1 => 5.7.3p2-r0 ? 5.7.3p2-r1: '2' at offset 6 cannot follow the letter 'p'
        5.7.3p2-r1 < 5.9.2p1-r0 => 5.7.3p2-r1 ? 5.9.2p1-r0: '2' at offset 6 cannot follow the letter 'p'
        5.9.2p1-r0 < 5.9.2p1-r1 => 5.9.2p1-r0 ? 5.9.2p1-r1: '1' at offset 6 cannot follow the letter 'p'
        5.9.2p1-r1 < 5.9.2p1-r2 => 5.9.2p1-r1 ? 5.9.2p1-r2: '1' at offset 6 cannot follow the letter 'p'
        5.9.2p1-r2 < 5.9.2p1-r3 => 5.9.2p1-r2 ? 5.9.2p1-r3: '1' at offset 6 cannot follow the letter 'p'
        5.9.2p1-r3 < 6.0.2p1-r0 => 5.9.2p1-r3 ? 6.0.2p1-r0: '1' at offset 6 cannot follow the letter 'p'
        6.0.2p1-r0 < 6.0.2p1-r1 => 6.0.2p1-r0 ? 6.0.2p1-r1: '1' at offset 6 cannot follow the letter 'p'
        6.0.2p1-r1 < 6.0.2p1-r2 => 6.0.2p1-r1 ? 6.0.2p1-r2: '1' at offset 6 cannot follow the letter 'p'
        6.0.2p1-r2 < 6.0.2p1-r3 => 6.0.2p1-r2 ? 6.0.2p1-r3: '1' at offset 6 cannot follow the letter 'p'
        6.0.2p1-r3 < 6.0.2p1-r4 => 6.0.2p1-r3 ? 6.0.2p1-r4: '1' at offset 6 cannot follow the letter 'p'
        6.0.2p1-r4 < 6.0.2p1-r5 => 6.0.2p1-r4 ? 6.0.2p1-r5: '1' at offset 6 cannot follow the letter 'p'
        6.0.2p1-r5 < 6.0.2p1-r6 => 6.0.2p1-r5 ? 6.0.2p1-r6: '1' at offset 6 cannot follow the letter 'p'
        6.0.2p1-r6 < 6.0.2p1-r7 => 6.0.2p1-r6 ? 6.0.2p1-r7: '1' at offset 6 cannot follow the letter 'p'
        6.0.2p1-r7 < 6.0.2p1-r8 => 6.0.2p1-r7 ? 6.0.2p1-r8: '1' at offset 6 cannot follow the letter 'p'
        6.0.2p1-r8 < 6.0.3p1-r0 => 6.0.2p1-r8 ? 6.0.3p1-r0: '1' at offset 6 cannot follow the letter 'p'
        6.0.3p1-r0 < 6.0.3p1-r1 => 6.0.3p1-r0 ? 6.0.3p1-r1: '1' at offset 6 cannot follow the letter 'p'
        6.0.3p1-r1 < 6.0.3p1-r2 => 6.0.3p1-r1 ? 6.0.3p1-r2: '1' at offset 6 cannot follow the letter 'p'
        6.0.3p1-r2 < 6.0.3p1-r3 => 6.0.3p1-r2 ? 6.0.3p1-r3: '1' at offset 6 cannot follow the letter 'p'
        6.0.3p1-r3 < 6.0.3p1-r4 => 6.0.3p1-r3 ? 6.0.3p1-r4: '1' at offset 6 cannot follow the letter 'p'
        6.0.3p1-r4 < 6.4.2p1-r0 => 6.0.3p1-r4 ? 6.4.2p1-r0: '1' at offset 6 cannot follow the letter 'p'
        6.4.2p1-r0 < 6.4.2p1-r1 => 6.4.2p1-r0 ? 6.4.2p1-r1: '1' at offset 6 cannot follow the letter 'p'
        6.4.2p1-r1 < 6.4.2p1-r2 => 6.4.2p1-r1 ? 6.4.2p1-r2: '1' at offset 6 cannot follow the letter 'p'
        6.4.2p1-r2 < 6.6.1p1-r0 => 6.4.2p1-r2 ? 6.6.1p1-r0: '1' at offset 6 cannot follow the letter 'p'
        6.6.1p1-r0 < 6.6.1p1-r1 => 6.6.1p1-r0 ? 6.6.1p1-r1: '1' at offset 6 cannot follow the letter 'p'
        6.6.1p1-r1 < 6.6.1p1-r2 => 6.6.1p1-r1 ? 6.6.1p1-r2: '1' at offset 6 cannot follow the letter 'p'
        6.6.1p1-r2 < 6.6.1p1-r3 => 6.6.1p1-r2 ? 6.6.1p1-r3: '1' at offset 6 cannot follow the letter 'p'
        6.6.1p1-r3 < 6.6.2p1-r0 => 6.6.1p1-r3 ? 6.6.2p1-r0: '1' at offset 6 cannot follow the letter 'p'
        6.6.2p1-r0 < 6.6.2p1-r2 => 6.6.2p1-r0 ? 6.6.2p1-r2: '1' at offset 6 cannot follow the letter 'p'
        6.6.2p1-r2 < 6.6.3p1-r0 => 6.6.2p1-r2 ? 6.6.3p1-r0: '1' at offset 6 cannot follow the letter 'p'
        6.6.3p1-r0 < 6.6.3p1-r1 => 6.6.3p1-r0 ? 6.6.3p1-r1: '1' at offset 6 cannot follow the letter 'p'
        6.6.3p1-r1 < 6.6.4p1-r0 => 6.6.3p1-r1 ? 6.6.4p1-r0: '1' at offset 6 cannot follow the letter 'p'
        6.6.4p1-r0 < 6.6.4p1-r1 => 6.6.4p1-r0 ? 6.6.4p1-r1: '1' at offset 6 cannot follow the letter 'p'
        3.3.3-r2 < 3.3.3p1-r0 => 3.3.3-r2 ? 3.3.3p1-r0: '1' at offset 6 cannot follow the letter 'p'
        3.3.3p1-r0 < 3.3.3p1-r1 => 3.3.3p1-r0 ? 3.3.3p1-r1: '1' at offset 6 cannot follow the letter 'p'
        3.3.3p1-r1 < 3.3.3p1-r2 => 3.3.3p1-r1 ? 3.3.3p1-r2: '1' at offset 6 cannot follow the letter 'p'
        3.3.3p1-r2 < 3.3.3p1-r4 => 3.3.3p1-r2 ? 3.3.3p1-r4: '1' at offset 6 cannot follow the letter 'p'
        3.3.3p1-r4 < 3.3.4-r0 => 3.3.3p1-r4 ? 3.3.4-r0: '1' at offset 6 cannot follow the letter 'p'
        """;
}
