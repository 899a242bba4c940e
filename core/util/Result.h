#pragma once
// The result of a fallible call: a value, or the one-line message that says why there is none.
// Modelled on std::expected<T, QString> (C++23), as qBittorrent's nonstd::expected is used:
//
//     Result<qint64> counted = resets.countAffected(criteria);
//     if (!counted)
//         return Result<ResetPlan>::failure(counted.error());
//     plan.affected = *counted;
//
// A Result is either ok (holds a value, error() empty) or failed (no value, error() non-empty);
// a failure with an empty message reads as "failed" so that it can never pass for success.
// Result<void> carries no value.

#include <QString>

#include <optional>
#include <utility>

namespace ec {

template <typename T> class [[nodiscard]] Result
{
public:
    /// Success with value.
    Result(T value)
        : m_value(std::move(value))
    {}
    /// Failure with the message (an empty one becomes "failed").
    static Result failure(QString error)
    {
        Result result;
        result.m_error = error.isEmpty() ? QStringLiteral("failed") : std::move(error);
        return result;
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    /// The value; only on success.
    T& value() & { return *m_value; }
    const T& value() const& { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    T& operator*() & { return *m_value; }
    const T& operator*() const& { return *m_value; }
    T* operator->() { return &*m_value; }
    const T* operator->() const { return &*m_value; }
    /// The value, or fallback on failure.
    T valueOr(T fallback) const { return m_value ? *m_value : std::move(fallback); }

    /// Why it failed; empty on success.
    const QString& error() const { return m_error; }

private:
    Result() = default;

    std::optional<T> m_value;
    QString m_error;
};

template <> class [[nodiscard]] Result<void>
{
public:
    /// Success.
    Result() = default;
    static Result failure(QString error)
    {
        Result result;
        result.m_error = error.isEmpty() ? QStringLiteral("failed") : std::move(error);
        return result;
    }

    bool ok() const { return m_error.isEmpty(); }
    explicit operator bool() const { return ok(); }
    const QString& error() const { return m_error; }

private:
    QString m_error;
};

/// A failure of any Result type, for `return fail("…");` in a function returning Result<T>.
struct Failure
{
    QString error;
    template <typename T> operator Result<T>() const { return Result<T>::failure(error); }
};
inline Failure fail(QString error)
{
    return Failure{std::move(error)};
}

} // namespace ec
