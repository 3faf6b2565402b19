using System.Text.Json;
using AgentPlatform.Core.Tools;

namespace AgentPlatform.Worker.Tools;

/// <summary>
/// A tool as the model sees it: a name, what it does and the JSON schema of its arguments. Tools the Worker runs derive
/// from <see cref="ExecutableTool"/>; the others (ask_human, terminate) are declarations the engine acts on itself.
/// </summary>
public abstract class AgentTool
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    /// <summary>The JSON schema of the arguments object.</summary>
    public abstract JsonElement ArgumentsSchema { get; }

    /// <summary>False when the tool cannot run here at all (e.g. web_search without a provider); it is then never offered.</summary>
    public virtual bool Available => true;

    /// <summary>Why the tool is not <see cref="Available"/>, for the note the model gets and for errors.</summary>
    public virtual string UnavailableReason => "not configured";

    /// <summary><see cref="ToolSources.BuiltIn"/>, or <c>mcp:&lt;server&gt;</c> for a tool of an MCP server.</summary>
    public virtual string Source => ToolSources.BuiltIn;

    /// <summary>The tool as the model is told about it, for <see cref="ChatOptions.Tools"/>.</summary>
    public virtual AITool AsDeclaration() => AIFunctionFactory.CreateDeclaration(Name, Description, ArgumentsSchema);

    protected static JsonElement Schema(string json) => JsonElement.Parse(json);
}
