using AgentPlatform.Worker.Agents;

namespace AgentPlatform.Tests.Engine;

public sealed class PlanParserTests
{
    [Theory]
    [InlineData("""{"steps": ["Find it", "Read it"]}""")]
    [InlineData("""Sure! ```json\n{"steps": ["Find it", "Read it"]}\n``` Good luck.""")]
    [InlineData("""["Find it", "Read it"]""")]
    [InlineData("""{"plan": [{"title": "Find it"}, {"description": "Read it"}]}""")]
    [InlineData("1. Find it\n2. Read it")]
    [InlineData("- Find it\n- Read it")]
    [InlineData("Plan }\n- Find it\n- Read it\n{")]
    public void Steps_are_read_from_json_or_a_list_in_any_wrapping(string answer) =>
        Assert.Equal(["Find it", "Read it"], PlanParser.Parse(answer, "fallback", 8));

    [Theory]
    [InlineData("")]
    [InlineData("I will just do it.")]
    [InlineData("""{"steps": []}""")]
    public void Anything_else_is_a_single_step_titled_after_the_request(string answer) =>
        Assert.Equal(["Summarise the report"], PlanParser.Parse(answer, "Summarise the report", 8));

    [Fact]
    public void Steps_beyond_the_limit_are_dropped_and_long_titles_cut()
    {
        var steps = PlanParser.Parse($$"""{"steps": ["a", "b", "c", "{{new string('x', 500)}}"]}""", "f", 3);

        Assert.Equal(["a", "b", "c"], steps);
        Assert.True(PlanParser.Parse($"""["{new string('x', 500)}"]""", "f", 3)[0].Length <= PlanParser.MaxTitleLength + 1);
    }

    [Fact]
    public void No_answer_and_a_blank_request_still_make_one_step()
    {
        Assert.Equal(["Do it"], PlanParser.Parse(null, "Do it", 8));
        Assert.Equal(["Answer the request"], PlanParser.Parse(null, " \n\t ", 8));
    }

    [Theory]
    [InlineData("""Draft {not json} then the plan: ["Find it", "Read it"]""")]
    [InlineData("""{"answer": "none"} or rather ["Find it", "Read it"]""")]
    [InlineData("""{"tasks": ["Find it", 3, {"note": "x"}, {"step": "Read it"}, null]}""")]
    [InlineData("""{"steps": "Find it", "Plan": ["Find it", "Read it"]}""")]
    public void Text_that_is_not_a_plan_is_skipped_until_one_is_found(string answer) =>
        Assert.Equal(["Find it", "Read it"], PlanParser.Parse(answer, "fallback", 8));

    [Fact]
    public void Json_without_steps_falls_back_to_the_list_and_then_to_the_request()
    {
        Assert.Equal(["Find it"], PlanParser.Parse("{\"answer\": 1}\n* Find it", "fallback", 8));
        Assert.Equal(["fallback"], PlanParser.Parse("""{"answer": [1, 2]}""", "fallback", 8));
    }
}
