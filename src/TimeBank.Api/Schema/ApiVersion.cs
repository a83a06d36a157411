using System.Reflection;

namespace TimeBank.Api.Schema;

internal static class ApiVersion
{
    public static readonly string Current =
        typeof(ApiVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
