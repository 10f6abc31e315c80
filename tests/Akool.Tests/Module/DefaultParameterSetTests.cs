using System;
using System.Linq;
using System.Management.Automation;
using Akool.Commands;
using Xunit;

namespace Akool.Tests.Module
{
    /// <summary>Typing a video cmdlet alone prompts for what users have: an id, never an object.</summary>
    public sealed class DefaultParameterSetTests
    {
        [Theory]
        [InlineData(typeof(WaitAkoolVideoCommand))]
        [InlineData(typeof(GetAkoolVideoCommand))]
        [InlineData(typeof(SaveAkoolVideoCommand))]
        [InlineData(typeof(SaveAkoolSpeechCommand))]
        public void TheDefaultParameterSetAsksForTheId(Type cmdlet)
        {
            var metadata = new CommandMetadata(cmdlet);

            string[] mandatory = metadata.Parameters.Values
                .Where(p => p.ParameterSets.TryGetValue(metadata.DefaultParameterSetName, out ParameterSetMetadata? set) && set.IsMandatory)
                .Select(p => p.Name).ToArray();

            Assert.Equal(new[] { "Id" }, mandatory);
        }
    }
}
