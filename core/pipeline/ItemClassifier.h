#pragma once
// What one catalog item comes to before any API call, decided in one place for the run, the
// estimate and the duplicate report: the text it would send (built, prepared to the token
// limit, hashed with the model and dimensions), or why it sends nothing — a row that cannot be
// read as text, an empty or over-long text, or a text unchanged since its stored vector was
// made. Whether the text is a duplicate or in the cache is the caller's to find out: that
// depends on what it has seen and on the database.
//
//     ItemClassifier classifier(config.batch, config.embedding.model, dimensions);
//     const ItemVerdict v = classifier.classify(item);
//     if (v.kind == ItemVerdict::Kind::Send) send(v.input.text, v.hash);

#include "config/AppConfig.h"
#include "store/StoreTypes.h"
#include "text/InputPreparer.h"
#include "text/ItemTextBuilder.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace ec {

struct ItemVerdict
{
    enum class Kind {
        Unreadable, ///< the row's text is not valid UTF-8: recorded failed (code unreadable_row)
        Skipped,    ///< nothing to send: empty, or over the limit and the policy skips it
        Unchanged,  ///< the stored vector was made from this very text: no API call
        Send        ///< input.text goes to the API (or comes from a duplicate or the cache)
    };
    Kind kind = Kind::Send;
    QString code;        ///< Unreadable and Skipped: unreadable_row, empty_text, too_long, …
    QString message;     ///< Unreadable and Skipped: why, for the failure record
    PreparedInput input; ///< Unchanged and Send: the text as sent, its tokens, whether cut
    QByteArray hash;     ///< Unchanged and Send: ContentHash::of(input.text, model, dimensions)

    /// Unreadable and Skipped: the item's failure record, permanent, with the verdict's reason
    /// (recorded, never sent; the other rows go on).
    FailureRecord failureOf(const QString& itemId, qint64 runId) const
    {
        FailureRecord failure;
        failure.itemId = itemId;
        failure.runId = runId;
        failure.errorCode = code;
        failure.message = message;
        failure.permanent = true;
        failure.skipped = kind == Kind::Skipped;
        return failure;
    }
};

class ItemClassifier
{
public:
    ItemClassifier(const BatchSettings& batch, QString model, int dimensions);

    /// The verdict on one item. judgeUnchanged: compare with the hash its stored vector was made
    /// from (a run and an estimate of pending items do; a duplicate report of every row does not).
    ItemVerdict classify(const CatalogItem& item, bool judgeUnchanged = true) const;
    /// A text already prepared, prepared again under the current limit (a server that refused it
    /// as too long): Send with the shorter text, or Skipped.
    ItemVerdict reprepare(const QByteArray& text) const;

    /// The vector length in the hash, once known (a vector(N) column decides it at the run's start).
    void setDimensions(int dimensions) { m_dimensions = dimensions; }
    /// Cuts inputs to at most tokens from now on (a server with a smaller context than configured).
    void setTokenLimit(int tokens);
    int tokenLimit() const { return m_preparer->tokenLimit(); }

private:
    ItemVerdict verdictOf(PreparedInput input) const;

    BatchSettings m_batch;
    QString m_model;
    int m_dimensions = 0;
    ItemTextBuilder m_builder;
    std::unique_ptr<InputPreparer> m_preparer;
};

} // namespace ec
