using System.Buffers.Binary;
using Tether.Core.Errors;
using Tether.Scanner.Analyze.Language.Java;
using Tether.Testing;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Language;

public sealed class JavaArchiveAnalyzerTests
{
    private readonly JavaArchiveAnalyzer _analyzer = new();

    [Fact]
    public void A_real_shaded_jar_yields_every_embedded_pom_properties()
    {
        const string path = "opt/hadoop/share/hadoop-shaded-guava-1.1.0-SNAPSHOT.jar";

        var packages = _analyzer.Analyze(path, File.ReadAllBytes(TestData.Shared("pkgdb", "java", "hadoop-shaded-guava-1.1.0-SNAPSHOT.jar")));

        Assert.Equal(
            [
                "com.google.guava:failureaccess@1.0.1",
                "com.google.guava:guava@29.0-jre",
                "com.google.guava:listenablefuture@9999.0-empty-to-avoid-conflict-with-guava",
                "com.google.j2objc:j2objc-annotations@1.3",
                "org.apache.hadoop.thirdparty:hadoop-shaded-guava@1.1.0-SNAPSHOT",
            ],
            PackageText.Of(packages));
        Assert.All(packages, p => Assert.Equal(("maven", path, null), (p.Type, p.Path, p.Member)));
    }

    [Fact]
    public void A_spring_boot_jar_reports_its_nested_libraries_with_their_member_path()
    {
        var springCore = JarBuilder.Build(JarBuilder.Manifest("Implementation-Title: spring-core", "Implementation-Version: 5.3.20", "Automatic-Module-Name: spring.core"));
        var jackson = JarBuilder.Build(
            JarBuilder.Manifest("Bundle-SymbolicName: com.fasterxml.jackson.core.jackson-databind", "Bundle-Version: 2.13.3"),
            JarBuilder.PomProperties("com.fasterxml.jackson.core", "jackson-databind", "2.13.3"));
        var app = JarBuilder.Build(
            JarBuilder.Manifest("Main-Class: org.springframework.boot.loader.JarLauncher", "Start-Class: com.example.demo.DemoApplication"),
            JarBuilder.PomProperties("com.example", "demo", "0.0.1-SNAPSHOT"),
            ("BOOT-INF/lib/spring-core-5.3.20.jar", springCore),
            ("BOOT-INF/lib/jackson-databind-2.13.3.jar", jackson));

        var packages = _analyzer.Analyze("app/app.jar", app);

        Assert.Equal(["com.example:demo@0.0.1-SNAPSHOT", "com.fasterxml.jackson.core:jackson-databind@2.13.3", "spring-core@5.3.20"], PackageText.Of(packages));
        Assert.Equal("BOOT-INF/lib/spring-core-5.3.20.jar", Assert.Single(packages, p => p.Name == "spring-core").Member);
        Assert.Equal("BOOT-INF/lib/jackson-databind-2.13.3.jar", Assert.Single(packages, p => p.Name == "jackson-databind").Member);
        Assert.Null(Assert.Single(packages, p => p.Name == "demo").Member);
        Assert.All(packages, p => Assert.Equal("app/app.jar", p.Path));
    }

    [Fact]
    public void Archives_are_opened_to_depth_two_and_no_deeper()
    {
        var level3 = JarBuilder.Build(JarBuilder.PomProperties("org.deep", "too-deep", "3.0"));
        var level2 = JarBuilder.Build(JarBuilder.PomProperties("org.deep", "level2", "2.0"), ("lib/too-deep-3.0.jar", level3));
        var level1 = JarBuilder.Build(JarBuilder.PomProperties("org.deep", "level1", "1.0"), ("lib/level2-2.0.jar", level2));
        var ear = JarBuilder.Build(JarBuilder.Manifest("Implementation-Version: 9.0"), ("web.war", level1));

        var packages = _analyzer.Analyze("srv/shop-9.0.ear", ear);

        Assert.Equal(["org.deep:level1@1.0", "org.deep:level2@2.0", "shop@9.0"], PackageText.Of(packages));
        Assert.Equal("web.war!/lib/level2-2.0.jar", Assert.Single(packages, p => p.Name == "level2").Member);
    }

    [Theory]
    [InlineData("commons-lang3-3.12.0.jar", new[] { "Implementation-Version: 3.12.0", "Bundle-SymbolicName: org.apache.commons.lang3" }, "commons-lang3@3.12.0")]
    [InlineData("log4j-1.2-api-2.17.1.jar", new string[0], "log4j-1.2-api@2.17.1")]
    [InlineData("plugin.jar", new[] { "Bundle-SymbolicName: org.eclipse.core.runtime;singleton:=true", "Bundle-Version: 3.26.100.v20221021-1435" }, "org.eclipse.core.runtime@3.26.100.v20221021-1435")]
    [InlineData("tool.jar", new[] { "Implementation-Title: Tool", "Implementation-Version: 2.1" }, "Tool@2.1")]
    public void Without_pom_properties_the_manifest_and_file_name_name_the_archive(string file, string[] manifest, string expected)
    {
        var package = Assert.Single(_analyzer.Analyze("app/lib/" + file, JarBuilder.Build(JarBuilder.Manifest(manifest))));

        Assert.Equal(expected, PackageText.One(package));
        Assert.Null(package.Namespace);
    }

    [Fact]
    public void An_archive_that_names_nothing_yields_nothing() =>
        Assert.Empty(_analyzer.Analyze("app/lib/classes.jar", JarBuilder.Build(JarBuilder.Manifest("Created-By: 17 (Oracle)"), JarBuilder.Text("a/B.class", "cafebabe"))));

    [Fact]
    public void A_nested_archive_that_expands_past_its_limit_is_reported_not_read()
    {
        var bomb = JarBuilder.Build(("BOOT-INF/lib/huge.jar", new byte[JavaArchiveAnalyzer.MaxNestedBytes + 1]));
        Assert.True(bomb.Length < 200_000);

        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("app/bomb.jar", bomb));

        Assert.Equal(("app/bomb.jar", "BOOT-INF/lib/huge.jar"), (error.Source, error.Field));
        Assert.Contains($"at most {JavaArchiveAnalyzer.MaxNestedBytes}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_that_lies_about_its_size_is_inflated_only_to_the_size_it_declares()
    {
        var bomb = JarBuilder.Build(JarBuilder.PomProperties("com.acme", "app", "1.0"), ("lib/huge.jar", new byte[JavaArchiveAnalyzer.MaxNestedBytes + 1]));
        DeclareSize(bomb, "lib/huge.jar", 1024);

        // 1 KiB of zeros is not a zip: the nested entry is skipped, the rest stands.
        Assert.Equal(["com.acme:app@1.0"], PackageText.Of(_analyzer.Analyze("app/liar.jar", bomb)));
    }

    [Fact]
    public void Many_entries_each_under_the_limit_stop_at_the_total_budget()
    {
        const long budget = 1024 * 1024;
        var entries = Enumerable.Range(0, 5).Select(i => ($"WEB-INF/lib/part{i}.jar", new byte[300 * 1024])).ToArray();
        var bomb = JarBuilder.Build(entries);

        var error = Assert.Throws<InputException>(() => new JavaArchiveAnalyzer(budget).Analyze("app/parts.war", bomb));

        Assert.Equal(("app/parts.war", "WEB-INF/lib/part3.jar"), (error.Source, error.Field));
        Assert.Contains($"past {budget} inflated bytes", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metadata_file_bigger_than_its_limit_is_refused()
    {
        var jar = JarBuilder.Build(JarBuilder.Text("META-INF/maven/com.acme/app/pom.properties", "version=1.0\n#" + new string('x', (int)JavaArchiveAnalyzer.MaxMetadataBytes)));

        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("app.jar", jar));

        Assert.Equal("META-INF/maven/com.acme/app/pom.properties", error.Field);
    }

    [Fact]
    public void Traversal_names_are_only_names()
    {
        var inner = JarBuilder.Build(JarBuilder.PomProperties("org.inner", "inner", "1.0"));
        var jar = JarBuilder.Build(
            JarBuilder.Text("../../../../tmp/tether-pwned", "x"),
            JarBuilder.Text("META-INF/maven/../../../evil/pom.properties", "groupId=evil\nartifactId=evil\nversion=6.6.6\n"),
            JarBuilder.Text("META-INF/maven/com.acme/../pom.properties", "groupId=evil\nartifactId=evil\nversion=6.6.6\n"),
            ("../../lib/inner-1.0.jar", inner),
            JarBuilder.PomProperties("com.acme", "app", "1.0"));

        var packages = _analyzer.Analyze("app/app-1.0.jar", jar);

        Assert.Equal(["com.acme:app@1.0", "org.inner:inner@1.0"], PackageText.Of(packages));
        Assert.Equal("../../lib/inner-1.0.jar", Assert.Single(packages, p => p.Name == "inner").Member);
        Assert.False(File.Exists("/tmp/tether-pwned"));
    }

    [Fact]
    public void A_nested_entry_that_is_not_a_zip_is_skipped()
    {
        var jar = JarBuilder.Build(JarBuilder.PomProperties("com.acme", "app", "1.0"), JarBuilder.Text("WEB-INF/lib/placeholder.jar", "not a zip"));

        Assert.Equal(["com.acme:app@1.0"], PackageText.Of(_analyzer.Analyze("app.war", jar)));
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4b, 0x03, 0x04, 0x14, 0x00 })]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[0])]
    public void A_file_that_is_not_a_zip_is_rejected(byte[] content)
    {
        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("app/broken.jar", content));

        Assert.Equal(("app/broken.jar", "zip"), (error.Source, error.Field));
    }

    [Fact]
    public void A_truncated_jar_is_rejected()
    {
        var jar = File.ReadAllBytes(TestData.Shared("pkgdb", "java", "hadoop-shaded-guava-1.1.0-SNAPSHOT.jar"));

        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("a.jar", jar.AsMemory(0, jar.Length - 100)));

        Assert.Equal("a.jar", error.Source);
    }

    [Fact]
    public void The_declared_entry_count_is_checked_before_the_directory_is_read()
    {
        var jar = File.ReadAllBytes(TestData.Shared("pkgdb", "java", "hadoop-shaded-guava-1.1.0-SNAPSHOT.jar"));

        Assert.Equal(24UL, ZipDirectory.DeclaredEntries(jar));
        var error = Assert.Throws<InputException>(() => ZipDirectory.EnsureAtMost(jar, 10, "a.jar", "zip"));
        Assert.Contains("declares 24 entries", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app/app.jar", true)]
    [InlineData("usr/local/tomcat/webapps/ROOT.war", true)]
    [InlineData("opt/app.EAR", true)]
    [InlineData("var/jenkins_home/plugins/git.jpi", true)]
    [InlineData("app/.jar", false)]
    [InlineData("app/app.jar.sha1", false)]
    [InlineData("app/classes/A.class", false)]
    public void Wants_java_archives(string path, bool wanted) => Assert.Equal(wanted, _analyzer.Wants(path));

    [Fact]
    public void Properties_follow_the_java_format()
    {
        var properties = JavaProperties.Parse("""
            # comment
            ! another
            groupId = org.acme
            artifactId:tool
            version 1.0\
                -SNAPSHOT
            name=caf\u00e9\tbar
            """u8);

        Assert.Equal("org.acme", properties["groupId"]);
        Assert.Equal("tool", properties["artifactId"]);
        Assert.Equal("1.0-SNAPSHOT", properties["version"]);
        Assert.Equal("café\tbar", properties["name"]);
    }

    // Rewrites an entry's uncompressed size in both its local header and the central directory.
    private static void DeclareSize(byte[] zip, string name, uint size)
    {
        var span = zip.AsSpan();
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        for (var at = 0; at + 46 < span.Length; at++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);
            if (signature == 0x04034b50 && span[(at + 30)..].StartsWith(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 22)..], size);
            }
            else if (signature == 0x02014b50 && span[(at + 46)..].StartsWith(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 24)..], size);
            }
        }
    }
}
