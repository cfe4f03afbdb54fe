import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import './styles.css';
import { StrictMode } from 'react';
import { Root } from './app/Root.tsx';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
