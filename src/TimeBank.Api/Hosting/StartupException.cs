namespace TimeBank.Api.Hosting;

/// <summary>
/// A configuration problem found before the host starts. Its message is the single line an operator
/// sees, so it names the setting and what is wrong with it.
/// </summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
