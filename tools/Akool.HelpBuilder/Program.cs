using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Akool.HelpBuilder
{
    /// <summary>
    /// <c>Akool.HelpBuilder &lt;docs folder&gt; &lt;help file&gt;</c>: writes the MAML help file from the platyPS
    /// pages. Problems are printed in the "file: error HB0001: text" form MSBuild shows as build errors; the exit
    /// code is 1 then. The file is rewritten only when its content changes, so incremental builds stay quiet.
    /// </summary>
    public static class Program
    {
        /// <summary>The entry point.</summary>
        /// <param name="args">The docs folder and the help file to write.</param>
        /// <returns>0 on success, 1 on a problem in the pages, 2 on a wrong command line.</returns>
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("Usage: Akool.HelpBuilder <docs folder> <help file>");
                return 2;
            }
            string folder = Path.GetFullPath(args[0]);
            string target = Path.GetFullPath(args[1]);
            List<HelpPage> pages = MamlWriter.LoadPages(folder);
            var problems = pages.SelectMany(MamlWriter.Problems).ToList();
            if (pages.Count == 0)
            {
                problems.Add($"{folder}: no cmdlet pages (*.md other than about_*.md)");
            }
            if (problems.Count > 0)
            {
                foreach (string problem in problems)
                {
                    Console.Error.WriteLine(Path.Combine(folder, problem.Split(':')[0]) + ": error HB0001: " + problem);
                }
                return 1;
            }

            string text = MamlWriter.Render(pages);
            if (!File.Exists(target) || File.ReadAllText(target, Encoding.UTF8) != text)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                string temporary = target + ".tmp";
                File.WriteAllText(temporary, text, new UTF8Encoding(false));
                File.Move(temporary, target, overwrite: true);
            }
            else
            {
                // Unchanged: touch it so MSBuild's up-to-date check sees it newer than the pages.
                File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
            }
            Console.WriteLine($"Akool.HelpBuilder: {pages.Count} command(s) -> {target}");
            return 0;
        }
    }
}
