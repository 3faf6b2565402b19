namespace AgentPlatform.Tests.Api.Matrix;

/// <summary>Every probe's expected and actual status; a negative status is a refusal without a problem body.</summary>
public sealed class MatrixOutcome
{
    private readonly Dictionary<string, int> _byKind = [];

    public List<string> Failures { get; } = [];

    public int Probes { get; private set; }

    public void Record(MappedRoute route, string kind, int expected, int actual)
    {
        Probes++;
        _byKind[kind] = _byKind.GetValueOrDefault(kind) + 1;
        if (actual != expected)
        {
            Failures.Add(actual == -expected
                ? $"{route} with {kind}: {expected} without a problem body"
                : $"{route} with {kind}: expected {expected}, got {Math.Abs(actual)}");
        }
    }

    public string Summary(int routes) =>
        $"authorization matrix: {Probes} probes over {routes} routes, {Probes - Failures.Count} answered as expected; by kind: "
        + string.Join(", ", _byKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"));
}
