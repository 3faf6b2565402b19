using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace AgentPlatform.Tests.Deployment;

/// <summary>YAML read into plain maps, lists and strings (YamlDotNet), with the few look-ups the deployment tests use.</summary>
public static class YamlDocs
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    /// <summary>Every document of a (multi-document) YAML text.</summary>
    public static List<Dictionary<object, object?>> Parse(string text)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object?>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Deserializer.Deserialize<object?>(parser) is Dictionary<object, object?> document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    public static List<Dictionary<object, object?>> Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The value at a dotted path (<c>spec.template.spec</c>), or null when any part is missing.</summary>
    public static object? At(this object? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node is Dictionary<object, object?> map && map.TryGetValue(part, out var next) ? next : null;
        }

        return node;
    }

    public static string? Text(this object? node, string path) => node.At(path) as string;

    public static Dictionary<object, object?> Map(this object? node, string path) =>
        Assert.IsType<Dictionary<object, object?>>(node.At(path), exactMatch: false);

    public static List<object?> List(this object? node, string path) =>
        node.At(path) as List<object?> ?? [];

    /// <summary>Every scalar under a node, with the key it is the value of (null for list items).</summary>
    public static IEnumerable<(string? Key, string Value)> Scalars(this object? node, string? key = null)
    {
        switch (node)
        {
            case Dictionary<object, object?> map:
                foreach (var (k, v) in map)
                {
                    foreach (var scalar in v.Scalars(k.ToString()))
                    {
                        yield return scalar;
                    }
                }

                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    foreach (var scalar in item.Scalars(key))
                    {
                        yield return scalar;
                    }
                }

                break;
            case string text:
                yield return (key, text);
                break;
        }
    }
}
