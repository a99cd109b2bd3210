using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;

namespace OrleansReco.Grains.Tests;

public sealed class ModelRolloverFileTests
{
    [Fact]
    public void The_rollover_record_beside_a_model_file_reads_back_and_a_missing_or_corrupt_one_reads_as_none()
    {
        var model = Path.Combine(Path.GetTempPath(), $"rollover-{Guid.NewGuid():N}.orm");
        var rollover = new ModelRollover(4, ["a", "b", "ç"], new ModelAlignmentInfo(4, true, true, 3, 2, 0.125f, "Aligned."));
        try
        {
            Assert.Null(ModelRolloverFile.TryRead(model));
            ModelRolloverFile.Write(model, rollover);
            var read = ModelRolloverFile.TryRead(model);
            File.WriteAllText(ModelRolloverFile.PathOf(model), "{not json");
            var corrupt = ModelRolloverFile.TryRead(model);

            Assert.NotNull(read);
            Assert.Equal(rollover.PreviousModelVersion, read.PreviousModelVersion);
            Assert.Equal(rollover.PreviousItemIds, read.PreviousItemIds);
            Assert.Equal(rollover.Alignment, read.Alignment);
            Assert.Null(corrupt);
        }
        finally
        {
            File.Delete(ModelRolloverFile.PathOf(model));
        }
    }
}
