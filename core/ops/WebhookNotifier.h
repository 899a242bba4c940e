#pragma once
// Posts alerts to a Slack- or Discord-compatible incoming webhook. The body is
// {"text": m, "content": m}: Slack reads `text`, Discord reads `content`, each ignores the
// other. Off unless AlertSettings has a URL. Asynchronous (QNetworkAccessManager); the URL
// carries a token, so it only ever appears masked (redactUrl) in logs, errors and signals.

#include "config/AppConfig.h"

#include <QJsonObject>
#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

namespace ec {

class WebhookNotifier : public QObject
{
    Q_OBJECT
public:
    /// Discord refuses a `content` over 2,000 characters; longer texts are cut to this.
    static constexpr int kMaxTextLength = 1900;

    explicit WebhookNotifier(AlertSettings settings, QObject* parent = nullptr);
    ~WebhookNotifier() override;

    bool enabled() const { return m_settings.enabled(); }
    const AlertSettings& settings() const { return m_settings; }
    /// The webhook URL with its token replaced by "***".
    QString maskedUrl() const;

    /// Posts text (cut to kMaxTextLength); does nothing when disabled. Gives up after
    /// timeoutMs (default 10 s).
    void send(const QString& text);
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }

    /// Deliveries not answered yet.
    int pendingCount() const { return m_pending; }

    /// The JSON body for text: {"text": text, "content": text}.
    static QJsonObject payload(const QString& text);

Q_SIGNALS:
    /// The webhook answered 2xx.
    void delivered(int httpStatus);
    /// Not delivered; error is one line with the URL masked.
    void deliveryFailed(const QString& error);
    /// Every delivery has been answered (after the last pending one).
    void idle();

private:
    void onFinished(QNetworkReply* reply);
    QString scrub(QString text) const;

    AlertSettings m_settings;
    QNetworkAccessManager* m_network = nullptr;
    int m_pending = 0;
    int m_timeoutMs = 10000;
};

} // namespace ec
