using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace OrleansReco.Ingestion.Kafka.Tests;

/// <summary>
/// librdkafka's in-process mock cluster: a client built with <c>test.mock.num.brokers</c> hosts brokers that speak the
/// real protocol on loopback ports; other clients connect to <see cref="BootstrapServers"/>. Topics are created through
/// the mock API (the Admin API cannot), and the group's initial rebalance delay is cut to 0 ms.
/// </summary>
internal sealed partial class KafkaMockCluster : IDisposable
{
    private readonly IProducer<byte[], byte[]> _host;
    private readonly IntPtr _cluster;

    public KafkaMockCluster(int brokers = 3)
    {
        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _host = new ProducerBuilder<byte[], byte[]>(config).Build();
        _cluster = Native.rd_kafka_handle_mock_cluster(NativeHandle(_host.Handle));
        if (_cluster == IntPtr.Zero)
        {
            throw new InvalidOperationException("The client has no mock cluster.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(Native.rd_kafka_mock_cluster_bootstraps(_cluster))!;
        Native.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0);
    }

    public string BootstrapServers { get; }

    public void CreateTopic(string topic, int partitions)
    {
        var error = Native.rd_kafka_mock_topic_create(_cluster, topic, partitions, 1);
        if (error != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_topic_create({topic}) failed with error {error}.");
        }
    }

    public void Dispose() => _host.Dispose();

    /// <summary>The rd_kafka_t pointer behind a Confluent.Kafka client (internal <c>Handle.LibrdkafkaHandle</c>, a SafeHandle).</summary>
    private static IntPtr NativeHandle(Handle handle)
    {
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("Confluent.Kafka.Handle.LibrdkafkaHandle not found; the client library changed.");
        return ((SafeHandle)property.GetValue(handle)!).DangerousGetHandle();
    }

    /// <summary>The mock API of the librdkafka that Confluent.Kafka already loaded (librdkafka.redist's native asset).</summary>
    private static partial class Native
    {
        private const string Library = "librdkafka";

        static Native() => NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);

        [LibraryImport(Library)]
        public static partial IntPtr rd_kafka_handle_mock_cluster(IntPtr rk);

        [LibraryImport(Library)]
        public static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);

        [LibraryImport(Library)]
        public static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);

        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (name != Library)
            {
                return IntPtr.Zero;
            }

            foreach (var path in Candidates())
            {
                if (NativeLibrary.TryLoad(path, out var handle))
                {
                    return handle;
                }
            }

            return IntPtr.Zero;
        }

        /// <summary>
        /// The file Confluent.Kafka loaded first (it picks among the package's builds, e.g. centos8-librdkafka.so when the
        /// plain build's libsasl2 is missing): on Linux the one mapped into this process, then every build shipped.
        /// </summary>
        private static IEnumerable<string> Candidates()
        {
            if (OperatingSystem.IsLinux())
            {
                foreach (var line in File.ReadLines("/proc/self/maps"))
                {
                    var start = line.IndexOf('/', StringComparison.Ordinal);
                    if (start >= 0 && line.Contains("librdkafka", StringComparison.Ordinal))
                    {
                        yield return line[start..];
                    }
                }
            }

            var native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
            if (Directory.Exists(native))
            {
                foreach (var file in Directory.EnumerateFiles(native, "*rdkafka*"))
                {
                    yield return file;
                }
            }
        }
    }
}
