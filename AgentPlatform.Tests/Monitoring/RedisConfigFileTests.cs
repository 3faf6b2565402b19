using AgentPlatform.AppHost.Infrastructure;

namespace AgentPlatform.Tests.Monitoring;

/// <summary>The local Redis's password reaches it by a file only its owner reads, not by its command line (issue #12, finding 9).</summary>
public sealed class RedisConfigFileTests
{
    [Fact]
    public void The_password_is_written_to_an_owner_only_config_file()
    {
        var directory = Directory.CreateTempSubdirectory("agentplatform-redis-").FullName;
        try
        {
            var path = RedisConfigFile.Write(directory, "0123abcd");

            Assert.Equal("requirepass \"0123abcd\"\n", File.ReadAllText(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
