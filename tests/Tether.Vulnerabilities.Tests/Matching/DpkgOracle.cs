using System.Diagnostics;
using System.Text;
using OsTool = Tether.Vulnerabilities.Tests.Versions.Os.ReferenceTool;

namespace Tether.Vulnerabilities.Tests.Matching;

/// <summary>
/// The real <c>dpkg --compare-versions</c> as the oracle of Debian version order: one dpkg process per question, asked
/// through long-running shell loops (one line in, dpkg's exit code out), never through Tether's own ordering.
/// </summary>
internal sealed class DpkgOracle : IAsyncDisposable
{
    public const string Dpkg = "/usr/bin/dpkg";

    // dpkg exits 0 when the relation holds, 1 when it does not, 2 on a version it rejects.
    private const string Loop = """
        while IFS=$'\t' read -r a relation b; do
          /usr/bin/dpkg --compare-versions -- "$a" "$relation" "$b" 2>/dev/null
          echo $?
        done
        """;

    private readonly Process _shell;
    private long _questions;

    private DpkgOracle(Process shell) => _shell = shell;

    public static DpkgOracle Start()
    {
        OsTool.Require(Dpkg, "Debian package dpkg");
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Loop);
        return new DpkgOracle(Process.Start(start) ?? throw new InvalidOperationException("cannot start bash"));
    }

    /// <summary>dpkg processes this oracle ran, for the test's report.</summary>
    public long Questions => _questions;

    /// <summary><c>dpkg --compare-versions A lt B</c>.</summary>
    public async Task<bool> LessAsync(string a, string b)
    {
        _questions++;
        await _shell.StandardInput.WriteAsync($"{a}\tlt\t{b}\n");
        await _shell.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = await _shell.StandardOutput.ReadLineAsync(timeout.Token);
        return answer switch
        {
            "0" => true,
            "1" => false,
            _ => throw new InvalidOperationException($"dpkg --compare-versions '{a}' lt '{b}' answered '{answer}' (2: a version dpkg rejects)"),
        };
    }

    /// <summary>
    /// Answers "V lt F" for every fixed version F of <paramref name="fixes"/> and every V among the fixes and
    /// <paramref name="others"/>, with dpkg as the only comparator and about n·log n dpkg runs instead of one per pair:
    /// the fixes are merge-sorted asking <c>lt</c> (one more <c>lt</c> per neighbour pair tells ties apart), then each
    /// other version is placed among them — first where it was derived from (two questions confirm it lies just below
    /// or just above that fix), else by binary search. The answers follow from dpkg's answers by transitivity alone.
    /// </summary>
    public async Task<FixOrder> OrderAsync(IEnumerable<string> fixes, IEnumerable<(string Version, string From)> others)
    {
        var sorted = await SortAsync([.. fixes.Distinct(StringComparer.Ordinal)]);
        var groups = new List<string>();
        var group = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var fix in sorted)
        {
            if (groups.Count == 0 || await LessAsync(groups[^1], fix))
            {
                groups.Add(fix);
            }

            group[fix] = groups.Count - 1;
        }

        // A version's position: the first group it is below ("V lt G[i]" is false before it and true from it on).
        var position = group.ToDictionary(g => g.Key, g => g.Value + 1, StringComparer.Ordinal);
        foreach (var (version, from) in others)
        {
            if (!position.ContainsKey(version))
            {
                position[version] = await PositionAsync(version, group[from], groups);
            }
        }

        return new FixOrder(group, position);
    }

    private async Task<int> PositionAsync(string version, int near, List<string> groups)
    {
        var below = await LessAsync(version, groups[near]);
        if (below && (near == 0 || !await LessAsync(version, groups[near - 1])))
        {
            return near;
        }

        if (!below && (near + 1 == groups.Count || await LessAsync(version, groups[near + 1])))
        {
            return near + 1;
        }

        // Binary search on the side dpkg put it: lt is false below the answer and true from it on.
        int low = below ? 0 : near + 1, high = below ? near : groups.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (await LessAsync(version, groups[middle]))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>Many <c>A lt B</c> questions at once, spread over shells on every core.</summary>
    public static async Task<IReadOnlyList<bool>> LessManyAsync(IReadOnlyList<(string A, string B)> pairs)
    {
        var shells = Math.Max(2, Environment.ProcessorCount);
        var size = (pairs.Count + shells - 1) / shells;
        var answers = await Task.WhenAll(pairs.Chunk(Math.Max(1, size)).Select(async chunk =>
        {
            await using var dpkg = Start();
            var result = new List<bool>(chunk.Length);
            foreach (var (a, b) in chunk)
            {
                result.Add(await dpkg.LessAsync(a, b));
            }

            return result;
        }));
        return [.. answers.SelectMany(a => a)];
    }

    private async Task<List<string>> SortAsync(List<string> items)
    {
        if (items.Count <= 1)
        {
            return items;
        }

        var left = await SortAsync(items[..(items.Count / 2)]);
        var right = await SortAsync(items[(items.Count / 2)..]);
        var merged = new List<string>(items.Count);
        int i = 0, j = 0;
        while (i < left.Count && j < right.Count)
        {
            merged.Add(await LessAsync(right[j], left[i]) ? right[j++] : left[i++]);
        }

        merged.AddRange(left.Skip(i));
        merged.AddRange(right.Skip(j));
        return merged;
    }

    public async ValueTask DisposeAsync()
    {
        _shell.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _shell.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _shell.Kill(entireProcessTree: true);
        }

        _shell.Dispose();
    }
}

/// <summary>dpkg's answers for one source: the tie group of each fixed version, and where each version falls among them.</summary>
internal sealed class FixOrder(IReadOnlyDictionary<string, int> group, IReadOnlyDictionary<string, int> position)
{
    /// <summary><c>dpkg --compare-versions VERSION lt FIX</c>, as implied by the answers dpkg gave.</summary>
    public bool Less(string version, string fix) => position[version] <= group[fix];
}
