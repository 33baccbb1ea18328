using k8s.Models;

namespace Tether.Kubernetes.Normalize;

/// <summary>Kubernetes label selector semantics (Service selectors and <c>metav1.LabelSelector</c>).</summary>
public static class LabelSelectors
{
    /// <summary>
    /// A Service selector: every entry must match. An empty or missing selector selects nothing — such a Service's
    /// endpoints are managed by hand, not by labels.
    /// </summary>
    public static bool ServiceSelects(IDictionary<string, string>? selector, IReadOnlyDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && selector.All(entry => labels is not null && labels.TryGetValue(entry.Key, out var value) && value == entry.Value);

    /// <summary>A LabelSelector: matchLabels and matchExpressions all hold. An empty (or missing) selector selects everything.</summary>
    public static bool Matches(V1LabelSelector? selector, IReadOnlyDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return true;
        }

        if (selector.MatchLabels is { } matchLabels
            && !matchLabels.All(entry => labels is not null && labels.TryGetValue(entry.Key, out var value) && value == entry.Value))
        {
            return false;
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var has = labels is not null && labels.TryGetValue(requirement.Key ?? "", out var value) ? value : null;
            var values = requirement.Values ?? [];
            var holds = requirement.OperatorProperty switch
            {
                "In" => has is not null && values.Contains(has),
                "NotIn" => has is null || !values.Contains(has),
                "Exists" => has is not null,
                "DoesNotExist" => has is null,
                // An operator we do not know selects nothing rather than everything.
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>matchExpressions as text, e.g. <c>tier In (backend,cache)</c>; null when there are none.</summary>
    public static IReadOnlyList<string>? Describe(V1LabelSelector? selector)
    {
        var expressions = selector?.MatchExpressions;
        if (expressions is null || expressions.Count == 0)
        {
            return null;
        }

        return expressions
            .Select(e => e.Values is { Count: > 0 } values ? $"{e.Key} {e.OperatorProperty} ({string.Join(',', values)})" : $"{e.Key} {e.OperatorProperty}")
            .ToList();
    }
}
