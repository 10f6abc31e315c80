using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Akool.HelpBuilder;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Docs
{
    /// <summary>
    /// What makes a help page readable at a prompt, checked on the pages alone: example titles short enough for
    /// Get-Help's "---- Example 1: ... ----" banner, descriptions a user reads to the end, and no promise about
    /// -Verbose the module does not keep. That each example runs as printed is the Pester suite's part.
    /// </summary>
    public sealed class ReadableHelpTests
    {
        /// <summary>About a screen and a half at 120 columns: what it does, what to pass, what comes back, what can go wrong.</summary>
        private const int MaximumDescriptionCharacters = 3000;

        private static List<HelpPage> Pages() => MamlWriter.LoadPages(Path.Combine(RepositoryPaths.Root, "docs", "en-US"));

        [Fact]
        public void EveryExampleTitleIsNumberedAndKeepsItsBanner()
        {
            var problems = new List<string>();
            foreach (HelpPage page in Pages())
            {
                for (int i = 0; i < page.Examples.Count; i++)
                {
                    string title = page.Examples[i].Title;
                    if (!title.StartsWith($"Example {i + 1}: ", StringComparison.Ordinal)) problems.Add($"{page.FileName}: '{title}' is not 'Example {i + 1}: ...'");
                    // A title the banner cannot pad is printed bare and reads as the end of the text above it.
                    if (!Regex.IsMatch(MamlWriter.PadTitle(title), "^-{4,} ")) problems.Add($"{page.FileName}: '{title}' is too long for its banner");
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void EveryDescriptionIsShort()
        {
            var problems = Pages()
                .Select(p => (p.FileName, Length: string.Join(" ", HelpPage.Paragraphs(p.Section("DESCRIPTION"))).Length))
                .Where(p => p.Length > MaximumDescriptionCharacters)
                .Select(p => $"{p.FileName}: the description has {p.Length} characters; at most {MaximumDescriptionCharacters} (internals belong in docs/ARCHITECTURE.md)")
                .ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void NoPageSaysVerboseShowsEachRequest()
        {
            // Successful requests are on the debug stream (-Debug); -Verbose shows retries and decisions.
            var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs", "en-US"), "*.md");
            var problems = files
                .Where(f => Regex.IsMatch(File.ReadAllText(f), @"-Verbose\s+shows\s+(each|every)\s+request", RegexOptions.IgnoreCase))
                .Select(Path.GetFileName)
                .ToList();
            Assert.True(problems.Count == 0, "-Verbose does not show each request: " + string.Join(", ", problems));
        }
    }
}
