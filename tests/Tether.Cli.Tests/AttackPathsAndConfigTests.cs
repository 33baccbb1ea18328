using System.Text.Json;
using Tether.Cli.Configuration;
using Tether.Core.Errors;
using Tether.Core.Risk;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>`tether paths` on the demo (the exact path it ships), `tether ingest cloud`, and the risk config file.</summary>
public sealed class AttackPathsAndConfigTests : IClassFixture<DemoAndTraceContractTests.DemoStore>, IDisposable
{
    private const string Storage = "/subscriptions/6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg-payments-prod/providers/Microsoft.Storage/storageAccounts/stcontosopaymentspii";
    private readonly DemoAndTraceContractTests.DemoStore _demo;
    private readonly TempDirectory _dir = new();

    public AttackPathsAndConfigTests(DemoAndTraceContractTests.DemoStore demo) => _demo = demo;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_demo_has_one_attack_path_from_the_internet_to_the_customer_data_storage_account()
    {
        var result = await TetherProcess.RunAsync(["paths", "--db", _demo.Db, "-o", "json"]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var paths = json.RootElement.GetProperty("paths").EnumerateArray().ToList();
        Assert.Equal(2, paths.Count);
        var top = paths[0];
        Assert.Equal(97.8, top.GetProperty("score").GetDouble());
        Assert.Equal(["Ingress payments/payments-api", "Service/LoadBalancer payments/payments-api"],
            top.GetProperty("entry").GetProperty("exposures").EnumerateArray().Select(e => e.GetProperty("kind").GetString() + " " + e.GetProperty("name").GetString()).ToArray());
        var workload = top.GetProperty("workload");
        Assert.Equal("aks-prod-weu/payments/Deployment/payments-api/50", string.Join("/", workload.GetProperty("cluster").GetString(), workload.GetProperty("namespace").GetString(),
            workload.GetProperty("kind").GetString(), workload.GetProperty("name").GetString(), workload.GetProperty("pods").GetInt32()));
        Assert.Equal("sha256:87e8b3b9d55f017a21acace182aead00b05ab9281dd83cb2c07f5a62d0610a10", workload.GetProperty("imageDigest").GetString());
        var vulnerability = top.GetProperty("vulnerability");
        Assert.Equal(("CVE-2024-45296", "path-to-regexp", 95.6), (vulnerability.GetProperty("id").GetString(), vulnerability.GetProperty("package").GetString(), vulnerability.GetProperty("priority").GetDouble()));
        Assert.Equal("scanner-report", vulnerability.GetProperty("evidence").GetProperty("method").GetString());
        var identity = top.GetProperty("identity");
        Assert.Equal(("payments/payments-api", "azure.workload.identity/client-id", "3f2b7c1e-8d4a-4b6f-9e2d-1c0a5b7d9e3f", "id-payments-api"),
            (identity.GetProperty("serviceAccount").GetString(), identity.GetProperty("annotation").GetString(), identity.GetProperty("id").GetString(), identity.GetProperty("name").GetString()));
        Assert.Equal("kubernetes-api", identity.GetProperty("evidence").GetProperty("method").GetString());
        var resource = top.GetProperty("resource");
        Assert.Equal((Storage, "pii", "Storage Blob Data Contributor"), (resource.GetProperty("id").GetString(), resource.GetProperty("sensitivity").GetString(), resource.GetProperty("permissions")[0].GetString()));
        Assert.Equal("cloud-inventory", resource.GetProperty("evidence").GetProperty("method").GetString());
        Assert.StartsWith("sha256:", resource.GetProperty("evidence").GetProperty("document").GetString(), StringComparison.Ordinal);
        // The second path reaches the key vault with read access only; the unused reporting identity and the test and dev pods have none.
        Assert.Equal(("kv-payments-prod", 87.8), (paths[1].GetProperty("resource").GetProperty("name").GetString(), paths[1].GetProperty("score").GetDouble()));
        Assert.Contains("Attack paths", _demo.FirstRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("RESOURCE  Storage Blob Data Contributor on storage account stcontosopaymentspii (pii, high)", _demo.FirstRun.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paths_filter_by_cluster_and_severity()
    {
        var otherCluster = await TetherProcess.RunAsync(["paths", "--db", _demo.Db, "--cluster", "aks-test-weu", "-o", "json"]);
        var critical = await TetherProcess.RunAsync(["paths", "--db", _demo.Db, "--min-severity", "critical"]);

        Assert.Equal(0, otherCluster.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(otherCluster.Stdout).RootElement.GetProperty("paths").GetArrayLength());
        Assert.Equal(0, critical.ExitCode);
        Assert.Contains("no attack paths", critical.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_cloud_inventory_is_refused_naming_the_file_and_field_and_stores_nothing()
    {
        var db = _dir.File("cloud.db");
        var bad = _dir.File("bad.json");
        await File.WriteAllTextAsync(bad, """{"version": 1, "identities": [{"provider": "azure", "id": "x", "permissions": [{"resource": "nowhere", "actions": ["Owner"]}]}]}""");

        var result = await TetherProcess.RunAsync(["ingest", "cloud", bad, "--db", db]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(bad, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("$.identities[0].permissions[0].resource", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task A_config_file_maps_a_cluster_name_to_production_and_changes_the_priority()
    {
        // Labels come first; with a key the demo's namespaces do not carry, the cluster name decides.
        var config = _dir.File("config.yaml");
        await File.WriteAllTextAsync(config, """
            environments:
              keys: [tether.example/stage]
              clusters:
                - pattern: "aks-test-*"
                  environment: production
            weights:
              production: 25
            """);

        var result = await TetherProcess.RunAsync(["trace", "acrcontoso.azurecr.io/internal-reports:2.3.1", "--db", _demo.Db, "-o", "json"], new Dictionary<string, string> { ["TETHER_CONFIG"] = config });

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var finding = json.RootElement.GetProperty("findings")[0];
        var runtime = finding.GetProperty("runtime")[0];
        Assert.Equal("production", runtime.GetProperty("environment").GetString());
        Assert.Equal("cluster name aks-test-weu matches aks-test-*", runtime.GetProperty("environmentSource").GetString());
        var environment = finding.GetProperty("priority").GetProperty("factors").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "environment");
        Assert.Equal(25, environment.GetProperty("contribution").GetDouble());
    }

    [Fact]
    public async Task A_bad_config_is_an_error_naming_the_file_and_the_field()
    {
        var config = _dir.File("bad.yaml");
        await File.WriteAllTextAsync(config, "weights:\n  internetExposur: 20\n");

        var result = await TetherProcess.RunAsync(["trace", "CVE-2024-6119", "--db", _demo.Db, "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(config, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("weights.internetExposur", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_config_parser_merges_mappings_over_the_defaults()
    {
        var settings = RiskConfigParser.Parse("""
            environments:
              keys: [stage]
              values:
                production: [prd-eu]
            dataSensitivity:
              levels:
                medium: [internal-only]
                low: [pii]
            weights:
              severityCritical: 40
            server: {listen: "http://127.0.0.1:8080"}
            """, "c.yaml");

        Assert.Equal(["stage"], settings.Environments.Keys);
        Assert.Equal("production", settings.Environments.Normalize("PRD-EU"));
        Assert.Equal("production", settings.Environments.Normalize("prod"));
        Assert.Equal(DataSensitivityMapping.Medium, settings.Data.LevelOf("internal-only"));
        Assert.Equal(DataSensitivityMapping.Low, settings.Data.LevelOf("pii"));
        Assert.Equal(DataSensitivityMapping.High, settings.Data.LevelOf("phi"));
        Assert.Equal(40, settings.Weights.SeverityCritical);
        Assert.Equal(PriorityWeights.Default.SeverityHigh, settings.Weights.SeverityHigh);
        Assert.Same(RiskSettings.Default, RiskConfigParser.Parse("", "empty.yaml"));
    }

    [Theory]
    [InlineData("weights: [1, 2]", "weights", "must be a mapping")]
    [InlineData("weights:\n  production: lots", "weights.production", "must be a number")]
    [InlineData("weights:\n  production: 1e9", "weights.production", "between -100 and 100")]
    [InlineData("environments:\n  values:\n    prod: [x]", "environments.values.prod", "must be one of production")]
    [InlineData("environments:\n  clusters:\n    - pattern: x\n      environment: moon", "environments.clusters[0].environment", "must be one of")]
    [InlineData("environments:\n  clusters:\n    - environment: test", "environments.clusters[0].pattern", "is required")]
    [InlineData("dataSensitivity:\n  levels:\n    extreme: [x]", "dataSensitivity.levels.extreme", "must be one of high")]
    [InlineData("environments: {keys: [a, [b]]}", "environments.keys[1]", "non-empty string")]
    [InlineData("weights: {production: 1", "line", "is not valid YAML")]
    public void A_bad_config_names_the_field(string yaml, string field, string message)
    {
        var error = Assert.Throws<InputException>(() => RiskConfigParser.Parse(yaml, "config.yaml"));

        Assert.Equal("config.yaml", error.Source);
        Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_cannot_blow_up_the_config()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
                   "environments:\n  keys: [" + string.Join(", ", Enumerable.Repeat("*b", 200)) + "]\n";

        var error = Assert.Throws<InputException>(() => RiskConfigParser.Parse(yaml, "config.yaml"));

        Assert.Equal("config.yaml", error.Source);
    }
}
