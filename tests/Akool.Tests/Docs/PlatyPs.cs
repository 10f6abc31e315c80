using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Akool.Tests.Docs
{
    /// <summary>
    /// What platyPS writes for a cmdlet, computed from the loaded module's metadata: the syntax line of each
    /// parameter set and the facts of each parameter's yaml block. The drift test compares the pages with this.
    /// </summary>
    internal static class PlatyPs
    {
        public const string AllSets = "(All)";

        /// <summary>True for -Verbose, -ErrorAction and the rest, which a page lists only as CommonParameters.</summary>
        public static bool IsCommon(string name) => Cmdlet.CommonParameters.Contains(name);

        /// <summary>True for a parameter hidden with DontShow (one the pipeline binds, not for typing): pages leave it out, as platyPS's -ExcludeDontShow does.</summary>
        public static bool IsHidden(IEnumerable<System.Attribute> attributes) => attributes.OfType<ParameterAttribute>().Any(a => a.DontShow);

        public static bool IsShouldProcess(string name) => name == "WhatIf" || name == "Confirm";

        /// <summary>The parameter sets in the order platyPS writes them: the default set first.</summary>
        public static List<CommandParameterSetInfo> Sets(CmdletInfo cmdlet) =>
            cmdlet.ParameterSets.OrderBy(s => s.IsDefault ? 0 : 1).ToList();

        /// <summary>The documented parameters of a set, in syntax order: positional ones by position, then the rest, -WhatIf/-Confirm last.</summary>
        public static List<CommandParameterInfo> Parameters(CommandParameterSetInfo set)
        {
            var documented = set.Parameters.Where(p => !IsCommon(p.Name) && !IsHidden(p.Attributes)).ToList();
            return documented.Where(p => p.Position >= 0).OrderBy(p => p.Position)
                .Concat(documented.Where(p => p.Position < 0 && !IsShouldProcess(p.Name)))
                .Concat(documented.Where(p => IsShouldProcess(p.Name)).OrderBy(p => p.Name == "WhatIf" ? 0 : 1))
                .ToList();
        }

        /// <summary>The syntax line platyPS writes for a set, e.g. <c>Get-AkoolVideo [-Id] &lt;String[]&gt; [-Name &lt;String&gt;] [&lt;CommonParameters&gt;]</c>.</summary>
        public static string SyntaxLine(CmdletInfo cmdlet, CommandParameterSetInfo set)
        {
            var tokens = new List<string> { cmdlet.Name };
            tokens.AddRange(Parameters(set).Select(Token));
            tokens.Add("[<CommonParameters>]");
            return string.Join(" ", tokens);
        }

        private static string Token(CommandParameterInfo parameter)
        {
            string name = "-" + parameter.Name;
            if (parameter.Position >= 0) name = "[" + name + "]";
            string token = parameter.ParameterType == typeof(SwitchParameter) ? name : name + " <" + parameter.ParameterType.Name + ">";
            return parameter.IsMandatory ? token : "[" + token + "]";
        }

        /// <summary>"True (ByPropertyName, ByValue)", as platyPS writes Accept pipeline input.</summary>
        public static string PipelineInput(CommandParameterInfo parameter)
        {
            var kinds = new List<string>();
            if (parameter.ValueFromPipelineByPropertyName) kinds.Add("ByPropertyName");
            if (parameter.ValueFromPipeline) kinds.Add("ByValue");
            return kinds.Count == 0 ? "False" : "True (" + string.Join(", ", kinds) + ")";
        }

        public static string Position(CommandParameterInfo parameter) =>
            parameter.Position >= 0 ? parameter.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "Named";

        /// <summary>A parameter's facts in one set, as the yaml block states them.</summary>
        public static string Facts(CommandParameterInfo parameter) =>
            $"Required: {(parameter.IsMandatory ? "True" : "False")}; Position: {Position(parameter)}; Accept pipeline input: {PipelineInput(parameter)}";
    }
}
