using OrleansReco.Learning.Towers;

namespace OrleansReco.Learning.Tests.Towers;

public sealed class FeatureEncoderTests
{
    // Block layout of TowerFixtures.UserEncoder: age 8 slots, gender 3, occupation 4, zip 4, device 3.
    private const int Age = 0;
    private const int Gender = 8;
    private const int Occupation = 11;
    private const int Zip = 15;
    private const int Device = 19;

    [Fact]
    public void Known_attributes_set_one_slot_per_block()
    {
        var encoder = TowerFixtures.UserEncoder();
        var features = new float[encoder.FeatureCount];

        encoder.Encode(new UserAttributes(30, "F", "Engineer", "94110", "web"), features);

        Assert.Equal(22, encoder.FeatureCount);
        Assert.Equal(5f, features.Sum());
        Assert.Equal(1f, features[Age + 3]); // 25–34 is slot 3 (after unknown, <18, 18–24)
        Assert.Equal(1f, features[Gender + 1]);
        Assert.Equal(1f, features[Occupation + 2]);
        Assert.Equal(1f, features[Zip + 3]);
        Assert.Equal(1f, features[Device + 2]);
    }

    [Fact]
    public void Missing_and_unrecognised_attributes_map_to_the_unknown_slots()
    {
        var encoder = TowerFixtures.UserEncoder();
        var features = new float[encoder.FeatureCount];
        float[] expected = new float[encoder.FeatureCount];
        expected[Age] = expected[Gender] = expected[Occupation] = expected[Zip] = expected[Device] = 1f;

        encoder.Encode(UserAttributes.Unknown, features);
        Assert.Equal(expected, features);

        encoder.Encode(new UserAttributes(-4, "  ", "astronaut", "K1A 0B1", "smart-fridge"), features);
        Assert.Equal(expected, features);

        encoder.Encode(new UserAttributes(500, null, null, "5", null), features);
        Assert.Equal(expected, features);
    }

    [Fact]
    public void Gender_words_map_by_first_letter_and_lookup_ignores_case()
    {
        var encoder = TowerFixtures.UserEncoder();
        var features = new float[encoder.FeatureCount];

        encoder.Encode(new UserAttributes(Gender: "male", Occupation: " STUDENT "), features);

        Assert.Equal(1f, features[Gender + 2]);
        Assert.Equal(1f, features[Occupation + 3]);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(17, 1)]
    [InlineData(18, 2)]
    [InlineData(24, 2)]
    [InlineData(25, 3)]
    [InlineData(56, 7)]
    [InlineData(90, 7)]
    public void Age_buckets_follow_the_edges(int? age, int slot)
    {
        var buckets = new NumericBuckets(UserFeatureEncoder.DefaultAgeEdges, 1, 120);

        Assert.Equal(slot, buckets.SlotOf(age));
    }

    [Fact]
    public void Content_genres_are_averaged_and_no_known_genre_uses_slot_zero()
    {
        var encoder = TowerFixtures.ContentEncoder();
        var features = new float[encoder.FeatureCount];

        encoder.Encode(["Comedy", "Drama", "Western", "comedy"], 1996, features);
        Assert.Equal([0f, 0f, 0.5f, 0.5f, 0f, 0f, 0f, 0f, 1f], features);

        encoder.Encode(["Western"], null, features);
        Assert.Equal([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f], features);

        encoder.Encode([], 1960, features);
        Assert.Equal([1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f], features);
    }

    [Theory]
    [InlineData("Toy Story (1995)", 1995)]
    [InlineData("City of Lost Children, The (Cité des enfants perdus, La) (1995)", 1995)]
    [InlineData("Babylon 5 (1994–1998)", 1994)]
    [InlineData("unknown", null)]
    [InlineData("", null)]
    [InlineData("Movie (12345)", null)]
    public void Release_year_is_parsed_from_the_title(string title, int? year)
    {
        Assert.Equal(year, ReleaseYear.FromTitle(title));
    }

    [Fact]
    public void Encoders_round_trip_through_metadata()
    {
        var metadata = new Dictionary<string, string>();
        TowerFixtures.UserEncoder().Write("u", metadata);
        TowerFixtures.ContentEncoder().Write("c", metadata);

        var user = UserFeatureEncoder.Read("u", metadata);
        var content = ContentFeatureEncoder.Read("c", metadata);

        Assert.Equal(["artist", "engineer", "student"], user.Occupations.Values);
        Assert.Equal(UserFeatureEncoder.DefaultAgeEdges, user.AgeBuckets.Edges);
        Assert.Equal(1, user.AgeBuckets.Minimum);
        Assert.Equal(["mobile", "web"], user.Devices.Values);
        Assert.Equal([1970, 1990, 1995], content.Years.Edges);
        Assert.Equal(TowerFixtures.ContentEncoder().FeatureCount, content.FeatureCount);
    }

    [Fact]
    public void Vocabularies_reject_blank_and_repeated_values()
    {
        Assert.Throws<ArgumentException>(() => new CategoryVocabulary(["a", "A"]));
        Assert.Throws<ArgumentException>(() => new CategoryVocabulary(["a", " "]));
        Assert.Throws<ArgumentException>(() => new NumericBuckets([3, 3]));
        Assert.Throws<InvalidDataException>(() => CategoryVocabulary.FromJson("{", "x"));
    }
}
