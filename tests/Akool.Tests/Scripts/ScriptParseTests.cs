using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Scripts
{
    /// <summary>
    /// Every PowerShell script in the repository parses, and the parts the hosted engine can run (param blocks,
    /// self-contained functions) behave: no pwsh is needed to catch a broken build.ps1 or runbook.
    /// </summary>
    public sealed class ScriptParseTests
    {
        private static readonly string[] SkippedFolders = { "bin", "obj", "out", ".git", "TestResults", "node_modules" };

        private static string BuildScript => Path.Combine(RepositoryPaths.Root, "build.ps1");

        private static string Runbook => Path.Combine(RepositoryPaths.Root, "examples", "runbook.ps1");

        private static IEnumerable<string> Scripts(string folder)
        {
            foreach (string file in Directory.GetFiles(folder, "*.ps1")) yield return file;
            foreach (string sub in Directory.GetDirectories(folder))
            {
                if (SkippedFolders.Contains(Path.GetFileName(sub), StringComparer.OrdinalIgnoreCase)) continue;
                foreach (string file in Scripts(sub)) yield return file;
            }
        }

        private static ScriptBlockAst Parse(string path)
        {
            ScriptBlockAst ast = Parser.ParseFile(path, out _, out ParseError[] errors);
            Assert.True(errors.Length == 0, path + ":\n" + string.Join("\n", errors.Select(e => $"  line {e.Extent.StartLineNumber}: {e.Message}")));
            return ast;
        }

        [Fact]
        public void EveryScriptInTheRepositoryParses()
        {
            var scripts = Scripts(RepositoryPaths.Root).ToList();

            Assert.Contains(BuildScript, scripts);
            Assert.Contains(Runbook, scripts);
            var problems = new List<string>();
            foreach (string script in scripts)
            {
                Parser.ParseFile(script, out _, out ParseError[] errors);
                problems.AddRange(errors.Select(e => $"{Path.GetRelativePath(RepositoryPaths.Root, script)} line {e.Extent.StartLineNumber}: {e.Message}"));
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void BuildScriptOffersExactlyTheTasks()
        {
            ParamBlockAst param = Parse(BuildScript).ParamBlock;
            ParameterAst task = param.Parameters.Single(p => p.Name.VariablePath.UserPath == "Task");
            AttributeAst validateSet = task.Attributes.OfType<AttributeAst>().Single(a => a.TypeName.Name == "ValidateSet");

            Assert.Equal(new[] { "Build", "Test", "Clean", "Demo", "Docs", "Package" }, validateSet.PositionalArguments.Cast<StringConstantExpressionAst>().Select(s => s.Value));
            Assert.Equal("Build", ((StringConstantExpressionAst)task.DefaultValue).Value);
            ParameterAst configuration = param.Parameters.Single(p => p.Name.VariablePath.UserPath == "Configuration");
            Assert.Equal("Release", ((StringConstantExpressionAst)configuration.DefaultValue).Value);
        }

        [Fact]
        public void BuildScriptParamBlockBindsInTheEngine()
        {
            string paramBlock = Parse(BuildScript).ParamBlock.Extent.Text;
            using PowerShellSession shell = PowerShellSession.Start();

            ScriptResult ok = shell.Run("$b = [scriptblock]::Create($text + \"`n\" + '$Task; $Configuration'); & $b -Task Demo; & $b", new() { ["text"] = paramBlock });
            ScriptResult bad = shell.Run("$b = [scriptblock]::Create($text); & $b -Task Deploy", new() { ["text"] = paramBlock });

            Assert.Empty(ok.Errors);
            Assert.Equal(new[] { "Demo", "Release", "Build", "Release" }, ok.Output.Select(o => o.ToString()));
            Assert.Equal("ParameterArgumentValidationError", Assert.Single(bad.Errors).FullyQualifiedErrorId.Split(',')[0]);
        }

        [Fact]
        public void BuildScriptTestTaskRunsTheCiCommand()
        {
            string ci = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".ci", "run")).Last(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("#", StringComparison.Ordinal)).Trim();
            FunctionDefinitionAst test = Parse(BuildScript).FindAll(a => a is FunctionDefinitionAst f && f.Name == "Invoke-Test", true).Cast<FunctionDefinitionAst>().Single();

            Assert.Equal("dotnet test Akool.sln -c Release", ci);
            Assert.Contains(test.Body.FindAll(a => a is CommandAst, true), c => c.Extent.Text == ci);
        }

        [Fact]
        public void BuildScriptFindsAFreePort()
        {
            FunctionDefinitionAst function = Parse(BuildScript).FindAll(a => a is FunctionDefinitionAst f && f.Name == "Get-FreeTcpPort", true).Cast<FunctionDefinitionAst>().Single();
            using PowerShellSession shell = PowerShellSession.Start();

            ScriptResult result = shell.Run(function.Extent.Text + "\nGet-FreeTcpPort");

            Assert.Empty(result.Errors);
            int port = Assert.IsType<int>(Assert.Single(result.Output).BaseObject);
            Assert.InRange(port, 1, 65535);
        }

        [Fact]
        public void RunbookParamBlockHasSafeDefaultsAndValidation()
        {
            ScriptBlockAst ast = Parse(Runbook);
            using PowerShellSession shell = PowerShellSession.Start();
            string body = "\n'{0}|{1}|{2}|{3}|{4}|{5}' -f $CsvPath, $Destination, $JournalPath, $CredentialName, $TimeoutSeconds, $ThrottleLimit";

            ScriptResult ok = shell.Run("& ([scriptblock]::Create($text)) -CsvPath jobs.csv -Destination videos", new() { ["text"] = ast.ParamBlock.Extent.Text + body });
            ScriptResult bad = shell.Run("& ([scriptblock]::Create($text)) -CsvPath jobs.csv -Destination videos -ThrottleLimit 0", new() { ["text"] = ast.ParamBlock.Extent.Text });
            ScriptResult empty = shell.Run("& ([scriptblock]::Create($text)) -CsvPath '' -Destination videos", new() { ["text"] = ast.ParamBlock.Extent.Text });

            Assert.Empty(ok.Errors);
            Assert.Equal("jobs.csv|videos||Akool|3600|4", Assert.Single(ok.Output).ToString());
            Assert.Equal("ParameterArgumentValidationError", Assert.Single(bad.Errors).FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("ParameterArgumentValidationError", Assert.Single(empty.Errors).FullyQualifiedErrorId.Split(',')[0]);
            Assert.True(ast.ParamBlock.Parameters.Where(p => p.Name.VariablePath.UserPath is "CsvPath" or "Destination")
                .All(p => p.Attributes.OfType<AttributeAst>().Any(a => a.TypeName.Name == "Parameter" && a.NamedArguments.Any(n => n.ArgumentName == "Mandatory"))));
        }

        [Fact]
        public void RunbookSetsErrorActionPreferenceAndUsesTheCredentialAsset()
        {
            ScriptBlockAst ast = Parse(Runbook);
            var assignments = ast.EndBlock.Statements.OfType<AssignmentStatementAst>().Select(a => a.Extent.Text).ToList();
            var commands = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Select(c => c.GetCommandName()).ToList();

            Assert.Contains("$ErrorActionPreference = 'Stop'", assignments);
            Assert.Contains("Get-AutomationPSCredential", commands);
            Assert.Contains("Connect-Akool", commands);
            Assert.Contains("Disconnect-Akool", commands);
            foreach (string cmdlet in new[] { "New-AkoolTalkingPhoto", "Wait-AkoolVideo", "Save-AkoolVideo" }) Assert.Contains(cmdlet, commands);
        }
    }
}
