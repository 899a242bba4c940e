#pragma once
// The distinct texts of a run that wait for a vector, by content hash, each with the items that
// share it; the queue of those ready for a request (their cache look-up found nothing), packed
// into requests as the estimate packs them (BatchPlanner); and the vectors made this run that
// are not committed yet, so that a repeat of a text served moments ago costs nothing. Lives on
// the engine thread, owned by RunEngine.

#include "config/AppConfig.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>
#include <QVector>

#include <deque>
#include <optional>

namespace ec {

/// One distinct text of the run and the items waiting for its vector.
struct PendingText
{
    QByteArray text;
    QByteArray hash;
    int tokens = 0;
    bool truncated = false;
    bool sent = false; ///< handed to the client
    QVector<QString> itemIds;
};

class PendingTexts
{
public:
    bool isEmpty() const { return m_texts.isEmpty(); }
    /// Items waiting for a vector, over every text.
    int outstandingItems() const;

    /// The text with hash, or nullptr.
    PendingText* find(const QByteArray& hash);
    /// Adds a text (its hash not pending yet).
    void add(PendingText text);
    /// Removes and returns the text with hash (a default PendingText when there is none).
    PendingText take(const QByteArray& hash);
    /// Queues the text with hash for a request.
    void markReady(const QByteArray& hash);

    /// The next request: the hashes of the ready texts, in the order they became ready, packed
    /// within limits (BatchPlanner). nullopt when none is ready, or when the ready texts do not
    /// fill a request yet and moreMayCome (a page or a cache look-up is still to answer). The
    /// texts taken are marked sent.
    std::optional<QVector<QByteArray>> nextRequest(const BatchSettings& limits, bool moreMayCome);
    /// Whether a text waits for a request.
    bool hasReady() const { return !m_ready.empty(); }
    /// Whether the first text waiting for a request has at most tokens tokens.
    bool firstReadyFits(qint64 tokens) const;
    /// Whether this run sent a text with hash (a cache hit for it is a duplicate, not a text
    /// embedded before the run).
    bool wasSent(const QByteArray& hash) const;
    /// Removes the ready texts not sent yet and returns their items, to be released.
    QVector<QString> takeUnsentReady();

    /// A vector made this run, kept until its items are committed.
    void rememberVector(const QByteArray& hash, const QVector<float>& vector)
    {
        m_recent.insert(hash, vector);
    }
    void forgetVector(const QByteArray& hash) { m_recent.remove(hash); }
    const QVector<float>* recentVector(const QByteArray& hash) const;

private:
    /// The first 64 bits of a hex content hash (m_sent).
    static quint64 fingerprint(const QByteArray& hexHash);

    QHash<QByteArray, PendingText> m_texts;
    std::deque<QByteArray> m_ready; ///< hashes waiting for a request, in order
    QSet<QByteArray> m_readySet;    ///< the same, for look-ups
    QSet<quint64> m_sent;           ///< the first 64 bits of every text sent this run
    QHash<QByteArray, QVector<float>> m_recent;
};

} // namespace ec
