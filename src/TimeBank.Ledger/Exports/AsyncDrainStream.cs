using System.Buffers;

namespace TimeBank.Ledger.Exports;

/// <summary>
/// Sits between the zip writer and the output. <c>ZipArchive</c> still closes an entry (the last deflate block, the data
/// descriptor) and writes the central directory with synchronous writes, which an HTTP response refuses; here every
/// write is kept in a small buffer, and the buffer goes to the output only with asynchronous writes: on the next
/// asynchronous write once it passes <see cref="Threshold"/>, and on <see cref="DrainAsync"/>. The synchronous writes are
/// a few kilobytes per entry, so the buffer stays near the threshold.
/// </summary>
internal sealed class AsyncDrainStream(Stream output) : Stream
{
    private const int Threshold = 1 << 16;
    private readonly ArrayBufferWriter<byte> _buffer = new(Threshold * 2);

    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount > 0)
        {
            await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            _buffer.ResetWrittenCount();
        }
        await output.FlushAsync(cancellationToken);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => _buffer.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _buffer.Write(buffer.Span);
        if (_buffer.WrittenCount >= Threshold)
        {
            await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            _buffer.ResetWrittenCount();
        }
    }

    // The zip writer flushes when it finishes an entry; the bytes wait for the next drain.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
