global using System.Diagnostics;
global using System.Globalization;
global using AgentPlatform.Bench.Support;
global using AgentPlatform.Tests.Support;
