using System.Diagnostics;
using Orleans.Runtime.Messaging;

namespace OrleansReco.Client;

/// <summary>
/// Keeps trying to reach the cluster while the client starts, once a second, until
/// <see cref="OrleansRecoClientOptions.ConnectTimeout"/> has passed since the first failure; then the host's start fails
/// with the last Orleans exception. (Orleans' own filter backs off linearly for about three minutes and gives up at once
/// when the membership table lists no gateway yet.)
/// </summary>
internal sealed class ConnectTimeoutRetryFilter(TimeSpan connectTimeout) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private long _firstFailure;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || exception is not (ConnectionFailedException or OrleansMessageRejectionException))
        {
            return false;
        }

        if (_firstFailure == 0)
        {
            _firstFailure = Stopwatch.GetTimestamp();
        }

        var remaining = connectTimeout - Stopwatch.GetElapsedTime(_firstFailure);
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        await Task.Delay(remaining < RetryDelay ? remaining : RetryDelay, cancellationToken);
        return true;
    }
}
