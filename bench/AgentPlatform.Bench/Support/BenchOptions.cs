namespace AgentPlatform.Bench.Support;

/// <summary>"--name value" pairs from the command line, with defaults.</summary>
public sealed class BenchOptions(string[] args)
{
    public int Int(string name, int fallback) => Value(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => Value(name) ?? fallback;

    /// <summary>A comma-separated list of integers, e.g. <c>--rates 50,100,200</c>.</summary>
    public IReadOnlyList<int> Ints(string name, IReadOnlyList<int> fallback) =>
        Value(name) is { } value ? value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList() : fallback;

    private string? Value(string name)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
