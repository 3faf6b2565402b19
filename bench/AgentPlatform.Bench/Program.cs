using AgentPlatform.Bench.Capacity;
using AgentPlatform.Bench.Engine;
using AgentPlatform.Bench.Streams;

// Benchmarks that print figures; see bench/README.md. Usage: dotnet run -c Release --project bench/AgentPlatform.Bench -- <name>
var name = args.FirstOrDefault() ?? "";
return name switch
{
    "engine" => await EngineBench.RunAsync(args.Skip(1).ToArray()),
    "streams" => await StreamsBench.RunAsync(args.Skip(1).ToArray()),
    "capacity" => await CapacityBench.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AgentPlatform.Bench engine [--steps N] [--runs N] [--stops N]");
    Console.Error.WriteLine("       AgentPlatform.Bench streams [--sessions N] [--per-session N] [--rates N,N,...] [--seconds N] [--text N] [--baseline N] [--transport signalr|websocket|sse]");
    Console.Error.WriteLine("       AgentPlatform.Bench capacity [--latency MS] [--rates N,N,...] [--seconds N] [--users N] [--capacity N] [--share-percent N] [--burst N] [--scale-capacity N] [--flood N] [--pool N] [--plan-steps N] [--tools-per-step N] [--phases load,burst,scaling,fairness]");
    return 2;
}
