namespace AgentPlatform.Tests.Support;

/// <summary>
/// The proof suite's figures (probes tried, outcomes), written to the test's output and appended to
/// <c>TestResults/proof-figures.txt</c> beside the test assembly, where the README's numbers are read from.
/// </summary>
public static class ProofFigures
{
    private static readonly Lock Gate = new();

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "TestResults", "proof-figures.txt");

    public static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            File.AppendAllText(FilePath, $"{DateTimeOffset.UtcNow:O} {line}{Environment.NewLine}");
        }
    }
}
