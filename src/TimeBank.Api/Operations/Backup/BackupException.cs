namespace TimeBank.Api.Operations.Backup;

/// <summary>A backup or restore that cannot be done; its message is the one line the operator sees.</summary>
public sealed class BackupException(string message, Exception? inner = null) : Exception(message, inner);
