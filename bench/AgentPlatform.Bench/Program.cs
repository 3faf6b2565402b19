using AgentPlatform.Bench.Engine;
using AgentPlatform.Bench.Streams;

// Benchmarks that print figures; see bench/README.md. Usage: dotnet run -c Release --project bench/AgentPlatform.Bench -- <name>
var name = args.FirstOrDefault() ?? "";
return name switch
{
    "engine" => await EngineBench.RunAsync(args.Skip(1).ToArray()),
    "streams" => await StreamsBench.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AgentPlatform.Bench engine [--steps N] [--runs N] [--stops N]");
    Console.Error.WriteLine("       AgentPlatform.Bench streams [--sessions N] [--per-session N] [--rates N,N,...] [--seconds N] [--text N] [--baseline N] [--transport signalr|websocket|sse]");
    return 2;
}
