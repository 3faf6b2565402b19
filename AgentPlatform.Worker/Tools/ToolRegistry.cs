using System.Collections.Concurrent;
using AgentPlatform.Core.Tools;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using CircuitState = AgentPlatform.Core.Tools.CircuitState;

namespace AgentPlatform.Worker.Tools;

/// <summary>
/// Every tool with its circuit breaker (a singleton: the circuits are this process's memory of which tools fail).
/// Calls go through <see cref="InvokeAsync"/>; <see cref="GetOffer"/> says which tools to give the model now.
/// The built-in tools are there from the start; MCP servers add and remove theirs at runtime (<see cref="Add"/>,
/// <see cref="Remove"/>) as they connect and change their lists.
/// </summary>
public sealed class ToolRegistry
{
    private readonly ConcurrentDictionary<string, ToolCircuit> _circuits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _order = new(StringComparer.Ordinal);
    private long _added;
    private readonly ToolCircuitBreakerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ToolRegistry> _logger;

    public ToolRegistry(IEnumerable<AgentTool> tools, IOptions<ToolCircuitBreakerOptions> options, TimeProvider clock, ILogger<ToolRegistry> logger)
    {
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        foreach (var tool in tools)
        {
            if (!Add(tool))
            {
                throw new InvalidOperationException($"Two tools are named '{tool.Name}'.");
            }
        }
    }

    /// <summary>Raised on every circuit transition (opened, half-opened, closed), with the tool's new state.</summary>
    public event EventHandler<ToolState>? CircuitChanged;

    /// <summary>Raised when tools were added or removed, or became available or unavailable (an MCP server connected or went away).</summary>
    public event EventHandler? ToolsChanged;

    /// <summary>Adds a tool with a new, closed circuit. False when a tool of that name is already registered.</summary>
    public bool Add(AgentTool tool)
    {
        if (!_circuits.TryAdd(tool.Name, new ToolCircuit(tool, _options, _clock, OnTransition)))
        {
            return false;
        }

        _order[tool.Name] = Interlocked.Increment(ref _added);
        NotifyToolsChanged();
        return true;
    }

    /// <summary>Removes a tool (its server no longer lists it). False when there was none of that name.</summary>
    public bool Remove(string name)
    {
        if (!_circuits.TryRemove(name, out _))
        {
            return false;
        }

        _order.TryRemove(name, out _);
        NotifyToolsChanged();
        return true;
    }

    /// <summary>Tells the state publisher to write the states again (a tool's availability changed).</summary>
    public void NotifyToolsChanged() => ToolsChanged?.Invoke(this, EventArgs.Empty);

    public IReadOnlyList<AgentTool> Tools => [.. Ordered.Select(c => c.Tool)];

    public IReadOnlyList<ToolState> GetStates() => [.. Ordered.Select(c => StateOf(c.Tool, c.State))];

    /// <summary>In the order the tools were added: the built-ins as registered, then each server's as listed.</summary>
    private IEnumerable<ToolCircuit> Ordered => _circuits.Values.OrderBy(c => _order.GetValueOrDefault(c.Tool.Name, long.MaxValue));

    /// <summary>
    /// The tools for a model call in <paramref name="context"/>'s session. Unavailable tools and open circuits are
    /// withheld; an open circuit whose break is over is offered again, and its next call is the trial.
    /// </summary>
    public ToolOffer GetOffer(ToolContext context)
    {
        var offered = new List<AITool>();
        var withheld = new List<string>();
        var reasons = new List<string>();
        foreach (var circuit in Ordered)
        {
            var tool = circuit.Tool;
            if (!tool.Available)
            {
                withheld.Add(tool.Name);
                reasons.Add($"{tool.Name} ({tool.UnavailableReason})");
            }
            else if (circuit.State == CircuitState.Closed || circuit.AwaitingTrial)
            {
                offered.Add(tool is ExecutableTool executable ? new ToolFunction(executable, context, this) : tool.AsDeclaration());
            }
            else
            {
                withheld.Add(tool.Name);
                reasons.Add($"{tool.Name} (failing, switched off for now)");
            }
        }

        var note = reasons.Count == 0 ? null
            : $"These tools are unavailable at the moment and are not offered: {string.Join(", ", reasons)}. Work without them.";
        return new ToolOffer(offered, withheld, note);
    }

    /// <summary>
    /// Runs a tool through its breaker and timeout, and caps its output. Throws <see cref="ToolException"/> for a wrong
    /// call, <see cref="BrokenCircuitException"/> while the circuit is open, and the tool's own failure otherwise.
    /// </summary>
    public async Task<string> InvokeAsync(string name, ToolContext context, AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var circuit = _circuits.GetValueOrDefault(name) ?? throw new ToolException($"There is no tool named '{name}'.");
        if (circuit.Tool is not ExecutableTool tool)
        {
            throw new ToolException($"{name} is not run as a tool: the agent acts on it directly.");
        }

        if (!tool.Available)
        {
            throw new ToolException($"{name} is unavailable: {tool.UnavailableReason}.");
        }

        // A span per tool call (GenAI semantic conventions), a child of the job's span.
        using var activity = Telemetry.WorkerTelemetry.Source.StartActivity($"execute_tool {name}");
        activity?.SetTag("gen_ai.operation.name", "execute_tool");
        activity?.SetTag("gen_ai.tool.name", name);
        activity?.SetTag(Telemetry.WorkerTelemetry.SessionIdTag, context.SessionId.ToString());
        try
        {
            var output = await circuit.Pipeline.ExecuteAsync(
                static (s, ct) => new ValueTask<string>(s.tool.ExecuteAsync(s.context, s.arguments, ct)),
                (tool, context, arguments),
                cancellationToken);
            return ToolOutput.Truncate(output, tool.MaxOutputChars);
        }
        catch (ToolException ex)
        {
            ToolLog.CallRefused(_logger, name, ex.Message);
            throw;
        }
        catch (BrokenCircuitException)
        {
            ToolLog.CallRejected(_logger, name);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ToolLog.CallFailed(_logger, name, ex);
            throw;
        }
    }

    /// <summary>Closes a tool's circuit. False when there is no such tool.</summary>
    public async Task<bool> ResetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!_circuits.TryGetValue(name, out var circuit))
        {
            return false;
        }

        ToolLog.CircuitReset(_logger, name);
        await circuit.CloseAsync(cancellationToken);
        return true;
    }

    public async Task ResetAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in _circuits.Keys)
        {
            await ResetAsync(name, cancellationToken);
        }
    }

    private ToolState StateOf(AgentTool tool, CircuitState state) =>
        new(tool.Name, tool.Description, tool.Available, state, _clock.GetUtcNow(), tool.Source);

    private void OnTransition(AgentTool tool, CircuitState state)
    {
        ToolLog.CircuitChanged(_logger, state == CircuitState.Closed ? LogLevel.Information : LogLevel.Warning, tool.Name, state);
        CircuitChanged?.Invoke(this, StateOf(tool, state));
    }
}
