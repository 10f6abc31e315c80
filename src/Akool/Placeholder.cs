namespace Akool
{
    internal static class Placeholder { }
}
