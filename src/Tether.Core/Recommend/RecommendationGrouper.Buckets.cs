using System.Globalization;
using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>The images bucketed by (owner, placement, findings list), and the image sets of groups with their pods.</summary>
public static partial class RecommendationGrouper
{
    /// <summary>One segment of a bucket's list: every image of the bucket holds its findings.</summary>
    private readonly record struct Part(FindingSegment Segment, Bucket Bucket);

    /// <summary>The images of one owner whose findings list (a layer's) is placed at the same Dockerfile location.</summary>
    private sealed class Bucket(int index, string owner, Placement place, FindingList list)
    {
        public int Index { get; } = index;

        public string Owner { get; } = owner;

        public Placement Place { get; } = place;

        public FindingList List { get; } = list;

        public List<ImageSlot> Slots { get; } = [];

        /// <summary>The highest runtime points of the bucket's images: every finding of the list scores highest there.</summary>
        public double RuntimePoints { get; private set; } = double.MinValue;

        public void Add(ImageSlot slot)
        {
            Slots.Add(slot);
            RuntimePoints = Math.Max(RuntimePoints, slot.Image.RuntimePoints);
        }
    }

    /// <summary>The images of a set of buckets, computed once per distinct set, with their pods counted once.</summary>
    private sealed class ImageSets
    {
        private readonly Dictionary<string, ImageSet> _sets = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Cluster, string Namespace, string Pod), int> _podIds = [];
        private readonly Dictionary<RunningImage, int[]> _podsOf = [];
        private int[] _stamps = [];
        private int _stamp;

        public ImageSet Of(IReadOnlyList<Bucket> buckets)
        {
            var key = buckets.Count == 1 ? buckets[0].Index.ToString(CultureInfo.InvariantCulture) : string.Join(',', buckets.Select(b => b.Index).Order());
            if (!_sets.TryGetValue(key, out var set))
            {
                var images = buckets.Count == 1 ? [.. buckets[0].Slots.Select(s => s.Image).Distinct()] : buckets.SelectMany(b => b.Slots).Select(s => s.Image).Distinct().ToList();
                set = new ImageSet(images, images.Count == 1 ? images[0].Pods : CountPods(images));
                _sets[key] = set;
            }

            return set;
        }

        /// <summary>Distinct pods of many images (a pod may run several of them): pods as numbers, marked once per count.</summary>
        private int CountPods(List<RunningImage> images)
        {
            _stamp++;
            var count = 0;
            foreach (var image in images)
            {
                if (!_podsOf.TryGetValue(image, out var pods))
                {
                    pods = [.. image.Chain.Runtime.Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Select(p => _podIds.TryGetValue(p, out var id) ? id : _podIds[p] = _podIds.Count)];
                    _podsOf[image] = pods;
                }

                foreach (var pod in pods)
                {
                    if (pod >= _stamps.Length)
                    {
                        Array.Resize(ref _stamps, Math.Max(_podIds.Count, 2 * _stamps.Length));
                    }

                    if (_stamps[pod] != _stamp)
                    {
                        _stamps[pod] = _stamp;
                        count++;
                    }
                }
            }

            return count;
        }
    }

    private sealed class ImageSet(List<RunningImage> images, int pods)
    {
        private List<RuntimeInstance>? _runtime;
        private RunningImage? _representative;

        public List<RunningImage> Images { get; } = images;

        /// <summary>The image with the most pods (then the first digest): its Dockerfile line and owner speak for the action.</summary>
        public RunningImage Representative => _representative ??= Images.OrderByDescending(i => i.Pods).ThenBy(i => i.Digest, StringComparer.Ordinal).First();

        public int Pods { get; } = pods;

        /// <summary>Every container of the images, once.</summary>
        public List<RuntimeInstance> Runtime => _runtime ??= [.. Images.OrderBy(i => i.Index).SelectMany(i => i.Chain.Runtime).DistinctBy(r => (r.Cluster, r.Namespace, r.Pod, r.Container))];
    }
}
