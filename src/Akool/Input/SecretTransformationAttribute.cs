using System;
using System.Management.Automation;
using System.Security;

namespace Akool
{
    /// <summary>Lets a secret parameter take a SecureString (Read-Host -AsSecureString, a vault) or a plain string (an environment variable in a runbook).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecretTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <inheritdoc />
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null:
                    return null;
                case SecureString secure:
                    return secure;
                case string text:
                    var converted = new SecureString();
                    foreach (char c in text) converted.AppendChar(c);
                    converted.MakeReadOnly();
                    return converted;
                default:
                    // The value is deliberately not echoed: it may be the secret in another type.
                    throw new ArgumentTransformationMetadataException($"A secret must be a string or a SecureString, not a {value.GetType().Name}.");
            }
        }
    }
}
