using System.Globalization;
using System.Text;

namespace Tether.Kubernetes.Tests.Collect;

/// <summary>Writes a kubeconfig whose contexts point at fake API servers.</summary>
internal static class Kubeconfig
{
    public static string Write(string path, params (string Context, Uri Server)[] contexts)
    {
        var yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        foreach (var (context, server) in contexts)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"- name: {context}-cluster\n  cluster:\n    server: {server.ToString().TrimEnd('/')}\n");
        }

        yaml.Append("users:\n- name: tester\n  user:\n    token: test-token\ncontexts:\n");
        foreach (var (context, _) in contexts)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"- name: {context}\n  context:\n    cluster: {context}-cluster\n    user: tester\n");
        }

        yaml.Append(CultureInfo.InvariantCulture, $"current-context: {contexts[0].Context}\n");
        File.WriteAllText(path, yaml.ToString());
        return path;
    }
}
