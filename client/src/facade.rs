//! One macro declares a provider's typed client, async and blocking, from its resource table.

/// Declares `$async_name` and `$blocking_name` for `$provider`, each with one accessor per
/// resource (parent ids as parameters), plus quota, forecast and journal helpers, and the
/// `ClientBuilder` finishers.
macro_rules! provider_client {
    (
        provider: $provider:literal,
        $(#[$adoc:meta])* async: $async_name:ident,
        $(#[$bdoc:meta])* blocking: $blocking_name:ident,
        build: $build:ident / $build_async:ident,
        resources: {
            $( $(#[$rdoc:meta])* $method:ident ( $($param:ident : $pty:ty),* ) -> $model:ty = $name:literal; )*
        }
    ) => {
        $(#[$adoc])*
        #[derive(Clone, Debug)]
        pub struct $async_name {
            client: $crate::client::Client,
        }

        $(#[$bdoc])*
        #[derive(Clone, Debug)]
        pub struct $blocking_name {
            inner: $async_name,
        }

        impl $async_name {
            #[doc = concat!("A builder preset for ", $provider, "; finish with `", stringify!($build_async), "()`.")]
            pub fn builder() -> $crate::client::ClientBuilder {
                $crate::client::ClientBuilder::new($provider)
            }

            #[doc = concat!("Wraps a client built for ", $provider, ".")]
            pub fn from_client(client: $crate::client::Client) -> Result<Self, pacer_sdk_core::Error> {
                if client.api().spec().name != $provider {
                    return Err(pacer_sdk_core::Error::config(
                        "wrong_provider",
                        format!("this client is for {}, not {}", client.api().spec().name, $provider),
                    ));
                }
                Ok($async_name { client })
            }

            /// The provider-agnostic client underneath.
            pub fn client(&self) -> &$crate::client::Client {
                &self.client
            }

            /// Every quota window: used, limit, when it resets, and which one binds.
            pub fn quota_status(&self) -> Result<Vec<pacer_sdk_core::quota::WindowUsage>, pacer_sdk_core::Error> {
                self.client.quota_status()
            }

            /// Forecast for a workload such as `[("api.GET", 5000)]`.
            pub fn forecast(
                &self,
                workload: &[(pacer_sdk_core::quota::RequestKind, u64)],
            ) -> Result<pacer_sdk_core::quota::Forecast, pacer_sdk_core::Error> {
                self.client.forecast(workload, pacer_sdk_core::quota::ForecastOptions::default())
            }

            /// Writes whose outcome is not settled yet.
            pub fn pending_writes(&self) -> Result<Vec<$crate::journal::JournalEntry>, pacer_sdk_core::Error> {
                self.client.pending_writes()
            }

            /// Settles writes whose outcome is unknown (see `Client::reconcile_pending`).
            pub async fn reconcile_pending(&self, resend: bool) -> Result<Vec<$crate::journal::JournalEntry>, pacer_sdk_core::Error> {
                self.client.reconcile_pending(resend).await
            }

            $(
                $(#[$rdoc])*
                pub fn $method(&self, $($param: $pty),*) -> $crate::resource::AsyncResource<$model> {
                    $crate::resource::AsyncResource::new(
                        self.client.clone(),
                        $name,
                        vec![$((stringify!($param), serde_json::Value::from($param))),*],
                    )
                }
            )*
        }

        impl $blocking_name {
            #[doc = concat!("A builder preset for ", $provider, "; finish with `", stringify!($build), "()`.")]
            pub fn builder() -> $crate::client::ClientBuilder {
                $crate::client::ClientBuilder::new($provider)
            }

            /// Wraps a client; its calls run on the caller's thread (the blocking pump).
            pub fn from_client(client: $crate::client::Client) -> Result<Self, pacer_sdk_core::Error> {
                $crate::facade::not_inside_a_runtime()?;
                Ok($blocking_name { inner: $async_name::from_client(client.blocking())? })
            }

            /// The async client underneath.
            pub fn as_async(&self) -> &$async_name {
                &self.inner
            }

            /// The provider-agnostic client underneath.
            pub fn client(&self) -> &$crate::client::Client {
                &self.inner.client
            }

            /// Every quota window: used, limit, when it resets, and which one binds.
            pub fn quota_status(&self) -> Result<Vec<pacer_sdk_core::quota::WindowUsage>, pacer_sdk_core::Error> {
                self.inner.quota_status()
            }

            /// Forecast for a workload.
            pub fn forecast(
                &self,
                workload: &[(pacer_sdk_core::quota::RequestKind, u64)],
            ) -> Result<pacer_sdk_core::quota::Forecast, pacer_sdk_core::Error> {
                self.inner.forecast(workload)
            }

            /// Writes whose outcome is not settled yet.
            pub fn pending_writes(&self) -> Result<Vec<$crate::journal::JournalEntry>, pacer_sdk_core::Error> {
                self.inner.pending_writes()
            }

            /// Settles writes whose outcome is unknown.
            pub fn reconcile_pending(&self, resend: bool) -> Result<Vec<$crate::journal::JournalEntry>, pacer_sdk_core::Error> {
                $crate::pump::block_on(self.inner.reconcile_pending(resend))
            }

            $(
                $(#[$rdoc])*
                pub fn $method(&self, $($param: $pty),*) -> $crate::resource::Resource<$model> {
                    $crate::resource::Resource { inner: self.inner.$method($($param),*) }
                }
            )*
        }

        impl $crate::client::ClientBuilder {
            #[doc = concat!("Builds a blocking ", $provider, " client.")]
            pub fn $build(self) -> Result<$blocking_name, pacer_sdk_core::Error> {
                $blocking_name::from_client(self.build()?)
            }

            #[doc = concat!("Builds an async ", $provider, " client.")]
            pub fn $build_async(self) -> Result<$async_name, pacer_sdk_core::Error> {
                $async_name::from_client(self.build()?.asynchronous())
            }
        }

        /// Every resource accessor: (method, parent parameters, spec resource name).
        pub const RESOURCES: &[(&str, &[&str], &str)] = &[$((stringify!($method), &[$(stringify!($param)),*], $name)),*];
    };
}

pub(crate) use provider_client;

/// A blocking client refuses to be made inside an async runtime, where each of its calls would
/// stall a worker thread; use the async client there.
pub fn not_inside_a_runtime() -> Result<(), pacer_sdk_core::Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(pacer_sdk_core::Error::config(
            "blocking_in_async",
            "a blocking pacer client cannot run inside an async runtime; use the Async client",
        ));
    }
    Ok(())
}
