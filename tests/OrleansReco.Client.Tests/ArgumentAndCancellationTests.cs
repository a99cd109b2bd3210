using OrleansReco.Abstractions;

namespace OrleansReco.Client.Tests;

/// <summary>What the client does on its own, over a grain factory whose grains never answer: no cluster needed.</summary>
public sealed class ArgumentAndCancellationTests
{
    private static readonly Interaction[] OneClick = [new("item-1")];

    public static TheoryData<string> Calls => ["record", "recommend", "similar", "profile", "demographics", "forget"];

    private static Task Call(IRecommendationClient client, string call, CancellationToken cancellationToken) => call switch
    {
        "record" => client.RecordAsync("u", OneClick, cancellationToken),
        "recommend" => client.RecommendAsync("u", cancellationToken: cancellationToken),
        "similar" => client.SimilarAsync("item-5", cancellationToken: cancellationToken),
        "profile" => client.GetProfileAsync("u", cancellationToken),
        "demographics" => client.SetDemographicsAsync("u", new UserDemographics(Age: 30), cancellationToken),
        "forget" => client.ForgetAsync("u", cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Cancelling_the_token_stops_waiting_for_a_call_the_server_has_not_answered(string call)
    {
        var (factory, probe) = PendingGrainFactory.Create();
        using var cancel = new CancellationTokenSource();

        var pending = Call(new RecommendationClient(factory), call, cancel.Token);
        Assert.False(pending.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(1, probe.GrainsRequested);
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task An_already_cancelled_token_sends_nothing(string call)
    {
        var (factory, probe) = PendingGrainFactory.Create();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Call(new RecommendationClient(factory), call, new CancellationToken(canceled: true)));
        Assert.Equal(0, probe.GrainsRequested);
    }

    public static TheoryData<string, string> InvalidCalls => new()
    {
        { "user id of 257 characters", "userId" },
        { "empty user id", "userId" },
        { "null user id", "userId" },
        { "empty batch", "interactions" },
        { "batch of 1001", "interactions" },
        { "null batch", "interactions" },
        { "k = 0", "request" },
        { "k = 501", "request" },
        { "local hour 24", "request" },
        { "similar to an empty item id", "itemId" },
        { "similar with k = 0", "k" },
        { "similar with k = 501", "k" },
        { "age 0", "demographics" },
        { "null demographics", "demographics" },
    };

    internal static Task InvalidCall(IRecommendationClient client, string call, string userId) => call switch
    {
        "user id of 257 characters" => client.RecordAsync(new string('u', RecoLimits.MaxUserIdLength + 1), OneClick),
        "empty user id" => client.GetProfileAsync(" "),
        "null user id" => client.ForgetAsync(null!),
        "empty batch" => client.RecordAsync(userId, []),
        "batch of 1001" => client.RecordAsync(userId, [.. Enumerable.Repeat(OneClick[0], RecoLimits.MaxBatchSize + 1)]),
        "null batch" => client.RecordAsync(userId, null!),
        "k = 0" => client.RecommendAsync(userId, new RecommendationRequest(K: 0)),
        "k = 501" => client.RecommendAsync(userId, new RecommendationRequest(K: RecoLimits.MaxRecommendations + 1)),
        "local hour 24" => client.RecommendAsync(userId, new RecommendationRequest(Context: new RecommendationContext(LocalHour: 24))),
        "similar to an empty item id" => client.SimilarAsync(""),
        "similar with k = 0" => client.SimilarAsync("item-5", 0),
        "similar with k = 501" => client.SimilarAsync("item-5", RecoLimits.MaxRecommendations + 1),
        "age 0" => client.SetDemographicsAsync(userId, new UserDemographics(Age: 0)),
        "null demographics" => client.SetDemographicsAsync(userId, null!),
        _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
    };

    [Theory]
    [MemberData(nameof(InvalidCalls))]
    public async Task Invalid_input_throws_ArgumentException_naming_the_argument_before_any_grain_call(string call, string argument)
    {
        var (factory, probe) = PendingGrainFactory.Create();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => InvalidCall(new RecommendationClient(factory), call, "u"));

        Assert.Equal(argument, error.ParamName);
        Assert.Equal(0, probe.GrainsRequested);
    }

    [Fact]
    public async Task Invalid_demographics_name_each_bad_field()
    {
        var (factory, _) = PendingGrainFactory.Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => new RecommendationClient(factory).SetDemographicsAsync("u", new UserDemographics(Age: 200, ZipCode: new string('9', 65))));

        Assert.Contains("demographics.age", error.Message);
        Assert.Contains("demographics.zipCode", error.Message);
    }
}
