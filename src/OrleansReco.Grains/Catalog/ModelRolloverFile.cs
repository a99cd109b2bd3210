using System.Text.Json;
using OrleansReco.Abstractions;

namespace OrleansReco.Grains.Catalog;

/// <summary>
/// Keeps a published model's <see cref="ModelRollover"/> beside its file (<c>&lt;model&gt;.rollover.json</c>), so the
/// catalog still knows after a restart how users move from the previous version.
/// </summary>
public static class ModelRolloverFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The side file of <paramref name="modelPath"/>.</summary>
    public static string PathOf(string modelPath) => modelPath + ".rollover.json";

    /// <summary>Writes <paramref name="rollover"/> beside <paramref name="modelPath"/>.</summary>
    public static void Write(string modelPath, ModelRollover rollover)
    {
        ArgumentNullException.ThrowIfNull(rollover);
        File.WriteAllText(PathOf(modelPath), JsonSerializer.Serialize(rollover, Json));
    }

    /// <summary>The rollover kept beside <paramref name="modelPath"/>, or null when there is none or it cannot be read.</summary>
    public static ModelRollover? TryRead(string modelPath)
    {
        var path = PathOf(modelPath);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ModelRollover>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null; // users then re-learn from their replay buffers, as after an unaligned publish
        }
    }
}
