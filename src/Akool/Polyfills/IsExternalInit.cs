namespace System.Runtime.CompilerServices
{
    /// <summary>
    /// Lets C# records (init-only setters) compile: netstandard2.0 lacks the type; the compiler recognises it by
    /// name, so this internal copy is enough.
    /// </summary>
    internal static class IsExternalInit
    {
    }
}
