using AgentPlatform.Bench.Engine;

// Benchmarks that print figures; see bench/README.md. Usage: dotnet run -c Release --project bench/AgentPlatform.Bench -- <name>
var name = args.FirstOrDefault() ?? "";
return name switch
{
    "engine" => await EngineBench.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AgentPlatform.Bench engine [--steps N] [--runs N] [--stops N]");
    return 2;
}
