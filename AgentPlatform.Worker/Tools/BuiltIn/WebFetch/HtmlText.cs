using System.Net;
using System.Text.RegularExpressions;

namespace AgentPlatform.Worker.Tools.BuiltIn.WebFetch;

/// <summary>
/// Turns an HTML page into readable text: drops scripts, styles and other invisible parts, keeps the title, breaks
/// lines at block elements and decodes entities. The expressions run without backtracking, so time stays linear.
/// </summary>
internal static class HtmlText
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking;

    private static readonly Regex Title = new(@"<title\b[^>]*>(.*?)</title\s*>", Options);
    private static readonly Regex Invisible = new(
        @"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<noscript\b.*?</noscript\s*>|<template\b.*?</template\s*>|<svg\b.*?</svg\s*>|<head\b.*?</head\s*>",
        Options);
    private static readonly Regex ListItem = new(@"<li\b[^>]*>", Options);
    private static readonly Regex LineBreak = new(
        @"<(br|hr|/?p|/?div|/?h[1-6]|/?tr|/?table|/?ul|/?ol|/?section|/?article|/?header|/?footer|/?nav|/?main|/?blockquote|/?pre|/li|/?dd|/?dt)\b[^>]*>",
        Options);
    private static readonly Regex Tag = new(@"<[^>]*>", Options);
    private static readonly Regex Spaces = new(@"[ \t\f\v\u00a0]+", RegexOptions.NonBacktracking);
    private static readonly Regex BlankLines = new(@"\n{3,}", RegexOptions.NonBacktracking);

    public static string ToText(string html)
    {
        var title = Title.Match(html) is { Success: true } m ? Clean(m.Groups[1].Value) : "";
        var text = Invisible.Replace(html, " ");
        text = ListItem.Replace(text, "\n- ");
        text = LineBreak.Replace(text, "\n");
        text = Clean(text);
        return title.Length == 0 ? text : $"# {title}\n\n{text}";
    }

    private static string Clean(string text)
    {
        text = WebUtility.HtmlDecode(Tag.Replace(text, "")).Replace("\r\n", "\n").Replace('\r', '\n');
        text = Spaces.Replace(text, " ");
        text = string.Join('\n', text.Split('\n').Select(line => line.Trim()));
        return BlankLines.Replace(text, "\n\n").Trim();
    }
}
