using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class PagingTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Paging_with_the_cursor_visits_every_session_once_while_new_ones_arrive()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var original = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            original.Add((await client.CreateSessionAsync($"session {i}", _ct)).Id());
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/sessions?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}", _ct);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(s => s.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
            // Newer sessions arrive between pages: they sort before the cursor and must not shift the pages.
            await client.CreateSessionAsync($"arrived during paging {pages}", _ct);
        }
        while (cursor is not null);

        original.Reverse();
        Assert.Equal(original, seen);
        Assert.Equal(3, pages);
    }
}
