using System.Globalization;
using Tether.Core.Errors;
using Tether.Core.Risk;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tether.Cli.Configuration;

/// <summary>
/// Reads the risk part of Tether's YAML config (docs/priority.md, "Configuration") into <see cref="RiskSettings"/>:
/// environment and data-sensitivity mappings and factor weights, each replacing or extending the defaults. Pure and
/// bounded; unknown keys and wrong types are errors naming the file and the field (<c>weights.internetExposure</c>).
/// </summary>
public static class RiskConfigParser
{
    public const int MaxBytes = 1024 * 1024;
    private const int MaxEntries = 10_000;

    private static readonly Dictionary<string, Func<PriorityWeights, double, PriorityWeights>> Weights = new(StringComparer.Ordinal)
    {
        ["severityCritical"] = (w, v) => w with { SeverityCritical = v },
        ["severityHigh"] = (w, v) => w with { SeverityHigh = v },
        ["severityMedium"] = (w, v) => w with { SeverityMedium = v },
        ["severityLow"] = (w, v) => w with { SeverityLow = v },
        ["severityOther"] = (w, v) => w with { SeverityOther = v },
        ["knownExploited"] = (w, v) => w with { KnownExploited = v },
        ["knownExploitedRansomware"] = (w, v) => w with { KnownExploitedRansomware = v },
        ["exploitProbability"] = (w, v) => w with { ExploitProbability = v },
        ["notRunning"] = (w, v) => w with { NotRunning = v },
        ["production"] = (w, v) => w with { Production = v },
        ["unknownEnvironment"] = (w, v) => w with { UnknownEnvironment = v },
        ["internetExposure"] = (w, v) => w with { InternetExposure = v },
        ["dataSensitivityHigh"] = (w, v) => w with { DataSensitivityHigh = v },
        ["dataSensitivityMedium"] = (w, v) => w with { DataSensitivityMedium = v },
        ["privilegeHost"] = (w, v) => w with { PrivilegeHost = v },
        ["privilegeRoot"] = (w, v) => w with { PrivilegeRoot = v },
        ["privilegeEscalation"] = (w, v) => w with { PrivilegeEscalation = v },
        ["cloudIdentity"] = (w, v) => w with { CloudIdentity = v },
        ["cloudIdentitySensitive"] = (w, v) => w with { CloudIdentitySensitive = v },
        ["scalePerDecade"] = (w, v) => w with { ScalePerDecade = v },
        ["scaleMax"] = (w, v) => w with { ScaleMax = v },
        ["fixAvailable"] = (w, v) => w with { FixAvailable = v },
    };

    /// <summary>The weight names accepted under <c>weights</c>.</summary>
    public static IReadOnlyCollection<string> WeightNames => Weights.Keys;

    public static RiskSettings Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(source);
        if (yaml.Length > MaxBytes)
        {
            throw new InputException(source, null, $"is over the {MaxBytes}-byte limit for a config file.");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InputException(source, $"line {e.Start.Line}, column {e.Start.Column}", "is not valid YAML: " + e.Message, e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return RiskSettings.Default;
        }

        if (stream.Documents.Count > 1)
        {
            throw new InputException(source, null, "must hold one YAML document.");
        }

        var reader = new Reader(source);
        var root = reader.Mapping(stream.Documents[0].RootNode, "(root)");
        var settings = RiskSettings.Default;
        foreach (var (key, value) in reader.Entries(root, "(root)"))
        {
            settings = key switch
            {
                "environments" => settings with { Environments = reader.Environments(value, key) },
                "dataSensitivity" => settings with { Data = reader.Data(value, key) },
                "weights" => settings with { Weights = reader.Weights(value, key) },
                // Other sections belong to other parts of Tether; the risk reader leaves them alone.
                _ => settings,
            };
        }

        return settings;
    }

    private sealed class Reader(string source)
    {
        private int _budget = MaxEntries;

        public YamlMappingNode Mapping(YamlNode node, string field) =>
            node as YamlMappingNode ?? throw Error(field, node, "must be a mapping.");

        public IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode mapping, string field)
        {
            foreach (var (key, value) in mapping.Children)
            {
                Spend(field, key);
                yield return (Scalar(key, field), value);
            }
        }

        public EnvironmentMapping Environments(YamlNode node, string field)
        {
            var mapping = EnvironmentMapping.Default;
            foreach (var (key, value) in Entries(Mapping(node, field), field))
            {
                var at = $"{field}.{key}";
                mapping = key switch
                {
                    "keys" => mapping with { Keys = Strings(value, at) },
                    "values" => mapping with { Values = Mapped(value, at, EnvironmentMapping.Names, mapping.Values) },
                    "clusters" => mapping with { Clusters = Clusters(value, at) },
                    _ => throw Error(at, value, "is not a known key (keys, values, clusters)."),
                };
            }

            return mapping;
        }

        public DataSensitivityMapping Data(YamlNode node, string field)
        {
            var mapping = DataSensitivityMapping.Default;
            foreach (var (key, value) in Entries(Mapping(node, field), field))
            {
                var at = $"{field}.{key}";
                mapping = key switch
                {
                    "keys" => mapping with { Keys = Strings(value, at) },
                    "levels" => mapping with { Levels = Mapped(value, at, DataSensitivityMapping.LevelNames, mapping.Levels) },
                    _ => throw Error(at, value, "is not a known key (keys, levels)."),
                };
            }

            return mapping;
        }

        public PriorityWeights Weights(YamlNode node, string field)
        {
            var weights = PriorityWeights.Default;
            foreach (var (key, value) in Entries(Mapping(node, field), field))
            {
                var at = $"{field}.{key}";
                if (!RiskConfigParser.Weights.TryGetValue(key, out var set))
                {
                    throw Error(at, value, $"is not a known weight ({string.Join(", ", RiskConfigParser.Weights.Keys)}).");
                }

                var text = Scalar(value, at);
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || Math.Abs(number) > 100)
                {
                    throw Error(at, value, $"must be a number between -100 and 100, not '{text}'.");
                }

                weights = set(weights, number);
            }

            return weights;
        }

        /// <summary><c>name: [value, …]</c> for each allowed name, merged over <paramref name="defaults"/> (value → name).</summary>
        private Dictionary<string, string> Mapped(YamlNode node, string field, IReadOnlyList<string> names, IReadOnlyDictionary<string, string> defaults)
        {
            var result = new Dictionary<string, string>(defaults, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in Entries(Mapping(node, field), field))
            {
                var at = $"{field}.{key}";
                if (!names.Contains(key, StringComparer.Ordinal))
                {
                    throw Error(at, value, $"must be one of {string.Join(", ", names)}.");
                }

                foreach (var entry in Strings(value, at))
                {
                    result[entry] = key;
                }
            }

            return result;
        }

        private List<ClusterPattern> Clusters(YamlNode node, string field)
        {
            var sequence = node as YamlSequenceNode ?? throw Error(field, node, "must be a list of {pattern, environment}.");
            var list = new List<ClusterPattern>();
            var index = 0;
            foreach (var entry in sequence.Children)
            {
                var at = $"{field}[{index++}]";
                Spend(at, entry);
                string? pattern = null, environment = null;
                foreach (var (key, value) in Entries(Mapping(entry, at), at))
                {
                    switch (key)
                    {
                        case "pattern":
                            pattern = Scalar(value, $"{at}.pattern");
                            break;
                        case "environment":
                            environment = Scalar(value, $"{at}.environment");
                            if (!EnvironmentMapping.Names.Contains(environment, StringComparer.Ordinal))
                            {
                                throw Error($"{at}.environment", value, $"must be one of {string.Join(", ", EnvironmentMapping.Names)}.");
                            }

                            break;
                        default:
                            throw Error($"{at}.{key}", value, "is not a known key (pattern, environment).");
                    }
                }

                list.Add(new ClusterPattern(
                    string.IsNullOrEmpty(pattern) ? throw Error($"{at}.pattern", entry, "is required.") : pattern,
                    environment ?? throw Error($"{at}.environment", entry, "is required.")));
            }

            return list;
        }

        private List<string> Strings(YamlNode node, string field)
        {
            if (node is YamlScalarNode)
            {
                return [Scalar(node, field)];
            }

            var sequence = node as YamlSequenceNode ?? throw Error(field, node, "must be a list of strings.");
            var list = new List<string>();
            var index = 0;
            foreach (var entry in sequence.Children)
            {
                Spend(field, entry);
                list.Add(Scalar(entry, $"{field}[{index++}]"));
            }

            return list;
        }

        private string Scalar(YamlNode node, string field)
        {
            var value = (node as YamlScalarNode)?.Value?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                throw Error(field, node, "must be a non-empty string.");
            }

            return value.Length > 1024 ? throw Error(field, node, "is longer than 1024 characters.") : value;
        }

        // Aliases can make a small file name many nodes: every node read counts against one budget.
        private void Spend(string field, YamlNode node)
        {
            if (--_budget < 0)
            {
                throw Error(field, node, $"the config has more than {MaxEntries} entries.");
            }
        }

        private InputException Error(string field, YamlNode node, string message) =>
            new(source, field, $"{message} (line {node.Start.Line})");
    }
}
