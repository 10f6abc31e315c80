using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace Akool.Tests.Harness
{
    /// <summary>
    /// A host whose console is a string: Out-Default renders through PowerShell's own formatter into it, the way a
    /// user's terminal would show it (the hosted engine has no Out-String). 120 columns wide unless told, no VT colours.
    /// </summary>
    public sealed class TextCaptureHost : PSHost
    {
        private readonly CaptureUserInterface _ui = new CaptureUserInterface();

        /// <summary>How many columns the console has: what Out-Default lays its tables out for.</summary>
        public int Width
        {
            get => _ui.RawUI.BufferSize.Width;
            set
            {
                _ui.RawUI.BufferSize = new Size(value, 3000);
                _ui.RawUI.WindowSize = new Size(value, 100);
            }
        }

        /// <summary>Forgets what was written so far.</summary>
        public void Clear() => _ui.Text.Clear();

        /// <summary>What was written, without VT colour sequences (as Out-String gives it).</summary>
        public string Text => System.Text.RegularExpressions.Regex.Replace(_ui.Text.ToString(), "\x1b\\[[0-9;]*m", string.Empty);

        public override string Name => "TextCaptureHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }

        private sealed class CaptureUserInterface : PSHostUserInterface
        {
            public StringBuilder Text { get; } = new StringBuilder();
            public override PSHostRawUserInterface RawUI { get; } = new FixedRawUserInterface();
            public override void Write(string value) => Text.Append(value);
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Text.Append(value);
            public override void WriteLine(string value) => Text.Append(value).Append('\n');
            public override void WriteErrorLine(string value) => Text.Append("ERROR: ").Append(value).Append('\n');
            public override void WriteDebugLine(string message) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message) { }
            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();
            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => defaultChoice;
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
            public override string ReadLine() => string.Empty;
            public override SecureString ReadLineAsSecureString() => new SecureString();
        }

        private sealed class FixedRawUserInterface : PSHostRawUserInterface
        {
            public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
            public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
            public override Size BufferSize { get; set; } = new Size(120, 3000);
            public override Coordinates CursorPosition { get; set; }
            public override int CursorSize { get; set; }
            public override bool KeyAvailable => false;
            public override Size MaxPhysicalWindowSize => new Size(120, 100);
            public override Size MaxWindowSize => new Size(120, 100);
            public override Coordinates WindowPosition { get; set; }
            public override Size WindowSize { get; set; } = new Size(120, 100);
            public override string WindowTitle { get; set; } = string.Empty;
            public override void FlushInputBuffer() { }
            public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
            public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
            public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
            public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
            public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
        }
    }
}
