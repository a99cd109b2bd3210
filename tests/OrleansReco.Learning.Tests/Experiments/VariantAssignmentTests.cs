using OrleansReco.Learning.Experiments;

namespace OrleansReco.Learning.Tests.Experiments;

public sealed class VariantAssignmentTests
{
    private const int Users = 100_000;

    [Theory]
    [InlineData(new[] { 0.5, 0.5 })]
    [InlineData(new[] { 0.9, 0.1 })]
    [InlineData(new[] { 0.2, 0.3, 0.5 })]
    public void Over_100k_users_each_variant_gets_its_configured_share_within_one_percentage_point(double[] traffic)
    {
        var counts = new int[traffic.Length];
        for (var u = 0; u < Users; u++)
        {
            counts[VariantAssignment.Assign("split-check", $"user-{u}", traffic)]++;
        }

        for (var v = 0; v < traffic.Length; v++)
        {
            var share = (double)counts[v] / Users;
            Assert.True(Math.Abs(share - traffic[v]) <= 0.01, $"variant {v}: {share:P2} of users, configured {traffic[v]:P0}");
        }
    }

    [Fact]
    public void A_user_gets_the_same_variant_every_time_and_from_a_copy_of_the_strings()
    {
        double[] traffic = [0.5, 0.5];
        for (var u = 0; u < 1000; u++)
        {
            var user = $"user-{u}";
            var first = VariantAssignment.Assign("sticky", user, traffic);
            Assert.Equal(first, VariantAssignment.Assign(new string("sticky".AsSpan()), new string(user.AsSpan()), traffic));
        }
    }

    [Fact]
    public void Two_experiments_split_users_independently()
    {
        double[] traffic = [0.5, 0.5];
        var both = 0;
        for (var u = 0; u < Users; u++)
        {
            both += VariantAssignment.Assign("first", $"user-{u}", traffic) == 1 && VariantAssignment.Assign("second", $"user-{u}", traffic) == 1 ? 1 : 0;
        }

        Assert.InRange((double)both / Users, 0.24, 0.26); // independent halves overlap on a quarter
    }

    [Fact]
    public void Positions_are_in_the_unit_interval_also_for_long_and_non_ascii_names()
    {
        var position = VariantAssignment.Position(new string('é', 400), new string('ü', 300));

        Assert.InRange(position, 0, 0.9999999999);
        Assert.Equal(position, VariantAssignment.Position(new string('é', 400), new string('ü', 300)));
    }

    [Fact]
    public void Pick_lays_the_shares_end_to_end()
    {
        double[] traffic = [0.2, 0.3, 0.5];

        Assert.Equal(0, VariantAssignment.Pick(traffic, 0.0));
        Assert.Equal(0, VariantAssignment.Pick(traffic, 0.1999));
        Assert.Equal(1, VariantAssignment.Pick(traffic, 0.2));
        Assert.Equal(2, VariantAssignment.Pick(traffic, 0.5));
        Assert.Equal(2, VariantAssignment.Pick(traffic, 0.99999));
    }
}
